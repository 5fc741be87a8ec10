import { SpiffeId } from '../../src/model/spiffe-id';

describe('SpiffeId parsing', () => {
  test.each([
    'spiffe://prod.example.com/ns/payments/sa/checkout-service',
    'spiffe://td',
    'spiffe://a_b-c.d/Path.With-Mixed_Case/x',
    `spiffe://${'a'.repeat(255)}/x`,
  ])('valid: %s', uri => {
    const id = SpiffeId.of(uri);
    expect(id.problems()).toEqual([]);
    expect(id.isValid).toBe(true);
  });

  test.each([
    ['', /empty/],
    ['prod.example.com/ns/a', /is not a SPIFFE ID/],
    ['https://prod.example.com/ns/a', /scheme "https"/],
    ['SPIFFE://prod.example.com/ns/a', /scheme "SPIFFE"/],
    ['spiffe:///ns/a', /no trust domain/],
    ['spiffe://Prod.example.com/ns/a', /lower-case letters/],
    ['spiffe://prod.example.com:8443/ns/a', /port/],
    ['spiffe://user@prod.example.com/ns/a', /user info/],
    ['spiffe://prod.example.com/ns/a?x=1', /query/],
    ['spiffe://prod.example.com/ns/a#frag', /fragment/],
    ['spiffe://prod.example.com/ns//a', /empty path segment/],
    ['spiffe://prod.example.com/ns/a/', /trailing slash/],
    ['spiffe://prod.example.com/ns/./a', /"\." path segment/],
    ['spiffe://prod.example.com/ns/../a', /"\.\." path segment/],
    ['spiffe://prod.example.com/ns/a%20b', /may only contain letters/],
    [`spiffe://${'a'.repeat(256)}/x`, /limit is 255/],
    [`spiffe://td/${'a'.repeat(2100)}`, /limit is 2048/],
  ])('invalid: %s', (uri, msg) => {
    const id = SpiffeId.of(uri as string);
    expect(id.isValid).toBe(false);
    expect(id.problems().join('\n')).toMatch(msg as RegExp);
  });

  test('parts and service account form', () => {
    const id = SpiffeId.forServiceAccount('prod.example.com', 'payments', 'checkout-service');
    expect(id.uri).toBe('spiffe://prod.example.com/ns/payments/sa/checkout-service');
    expect(id.trustDomain).toBe('prod.example.com');
    expect(id.path).toBe('/ns/payments/sa/checkout-service');
    expect(id.segments).toEqual(['ns', 'payments', 'sa', 'checkout-service']);
    expect(id.namespaceName).toBe('payments');
    expect(id.serviceAccount).toBe('checkout-service');
    expect(id.isTrustDomainId).toBe(false);
    expect(id.toString()).toBe(id.uri);
    expect(id.sameAs(SpiffeId.of('spiffe://prod.example.com/ns/payments/sa/checkout-service'))).toBe(true);
    expect(SpiffeId.of('spiffe://td').isTrustDomainId).toBe(true);
    expect(SpiffeId.of('spiffe://td/x/y').namespaceName).toBeUndefined();
  });

  test('renders per engine', () => {
    const id = SpiffeId.forServiceAccount('prod.example.com', 'payments', 'checkout-service');
    expect(id.istioPrincipal()).toBe('prod.example.com/ns/payments/sa/checkout-service');
    expect(id.linkerdIdentity()).toBe('checkout-service.payments.serviceaccount.identity.linkerd.prod.example.com');
    expect(id.linkerdIdentity('linkerd-cp')).toBe('checkout-service.payments.serviceaccount.identity.linkerd-cp.prod.example.com');
    const other = SpiffeId.of('spiffe://prod.example.com/vm/billing');
    expect(other.linkerdIdentity()).toBe('spiffe://prod.example.com/vm/billing');
    expect(other.istioPrincipal()).toBe('prod.example.com/vm/billing');
    expect(id.toSpireTemplate()).toBe('spiffe://prod.example.com/ns/payments/sa/checkout-service');
  });

  test('SPIRE template per trust domain', () => {
    expect(SpiffeId.spireTemplate('prod.example.com'))
      .toBe('spiffe://prod.example.com/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}');
    expect(SpiffeId.spireTemplate('staging.example.com'))
      .toBe('spiffe://staging.example.com/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}');
    expect(SpiffeId.spireTemplate('td', '/workload/{{ .PodMeta.Name }}')).toBe('spiffe://td/workload/{{ .PodMeta.Name }}');
  });

  test('trust domain problems', () => {
    expect(SpiffeId.trustDomainProblems('prod.example.com')).toEqual([]);
    expect(SpiffeId.trustDomainProblems('')).toEqual(['trust domain is empty']);
    expect(SpiffeId.trustDomainProblems('Prod')[0]).toMatch(/lower-case/);
  });
});
