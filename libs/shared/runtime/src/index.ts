// Config
export { flag, formatDefault } from './config/flags';
export type { AnyFlagSpec, ConfigOf, FlagKind, FlagOptions, FlagSpec, FlagSpecs, ParsedValue, Resolved } from './config/flags';
export { parseArgs, parseConfig, deepFreeze } from './config/parse';
export type { ConfigParseResult, ParseInput } from './config/parse';
export { parseDuration, formatDuration } from './config/duration';
export { formatUsage } from './config/usage';
export { standardFlags, LOG_LEVELS } from './config/standard-flags';
export type { LogLevel, StandardFlags } from './config/standard-flags';

// Logging and telemetry
export { createLogger } from './logging/logger';
export type { Logger, LoggerOptions } from './logging/logger';
export { createTelemetry, PROMETHEUS_CONTENT_TYPE } from './telemetry/telemetry';
export type { Telemetry, TelemetryOptions } from './telemetry/telemetry';

// Monitoring server and health
export { HealthRegistry } from './monitoring/health';
export type { HealthCheck, HealthStatus } from './monitoring/health';
export { AnnouncementBoard } from './monitoring/status';
export type { AnnouncedState, Announcement } from './monitoring/status';
export { startMonitoringServer } from './monitoring/server';
export type { MonitoringServer, MonitoringServerOptions } from './monitoring/server';
export { ISTIO_VERSION } from './monitoring/endpoints';

// Lifecycle
export { ShutdownHooks, withDeadline } from './lifecycle/shutdown-hooks';
export type { ShutdownHook } from './lifecycle/shutdown-hooks';
export { onTerminationSignals } from './lifecycle/signals';
export type { TerminationSignal } from './lifecycle/signals';

// Components
export { runComponent, EXIT_CODES } from './component/run-component';
export type { RunComponentOptions } from './component/run-component';
export { startComponent } from './component/start-component';
export type { ComponentHandle, StartComponentOptions, StopResult } from './component/start-component';
export { componentSpec } from './component/component-spec';
export { TSMESH_VERSION } from './component/types';
export type { ComponentConfig, ComponentContext, ComponentDefinition } from './component/types';

// Networking and gRPC
export { formatHostPort, toBindError } from './net/address';
export { startGrpcServer } from './grpc/server';
export type { GrpcServerHandle, GrpcServiceBinding, StartGrpcServerOptions } from './grpc/server';
export { createGrpcClient } from './grpc/client';
export type { CreateGrpcClientOptions, GrpcClientConstructor } from './grpc/client';
export { connectionOptions, DEFAULT_MAX_MESSAGE_BYTES } from './grpc/options';
export type { ConnectionTuning } from './grpc/options';
export { Backoff } from './grpc/backoff';
export type { BackoffOptions } from './grpc/backoff';
export { runWithReconnect } from './grpc/reconnect';
export type { RunWithReconnectOptions, StopReconnect } from './grpc/reconnect';
export { SIDECAR_NODE_FLAGS } from './lifecycle/sidecar-node-flags';
