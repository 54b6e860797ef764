import { status } from '@grpc/grpc-js';
import { defineErrorKind } from '@tsmesh/shared-errors';

/**
 * Compressed attributes that cannot be decoded: a word index outside both dictionaries, an
 * attribute given twice, a batch claiming a bigger global dictionary than ours. The `field`
 * names where in the message it happened, e.g. `attributes[2].strings`.
 */
export const AttributeDecodeError = defineErrorKind('TSM_ATTRIBUTES_INVALID', status.INVALID_ARGUMENT, 400);
