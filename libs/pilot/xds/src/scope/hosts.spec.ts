import { hostMatches, mostSpecificMatch, resolveShortName } from './hosts';

describe('host names', () => {
  it('resolves short names in the rule namespace and leaves FQDNs and wildcards alone', () => {
    expect(resolveShortName('reviews', 'default')).toBe('reviews.default.svc.cluster.local');
    expect(resolveShortName('reviews.prod', 'default')).toBe('reviews.prod');
    expect(resolveShortName('*.example.com', 'default')).toBe('*.example.com');
  });

  it('matches wildcards and prefers the most specific pattern', () => {
    expect(hostMatches('*.example.com', 'api.example.com')).toBe(true);
    expect(hostMatches('*.example.com', 'example.com')).toBe(false);
    expect(hostMatches('*', 'anything')).toBe(true);
    expect(mostSpecificMatch(['*', '*.example.com', 'api.example.com'], 'api.example.com')).toBe('api.example.com');
    expect(mostSpecificMatch(['*', '*.example.com'], 'a.example.com')).toBe('*.example.com');
    expect(mostSpecificMatch(['*.other.com'], 'a.example.com')).toBeUndefined();
  });
});
