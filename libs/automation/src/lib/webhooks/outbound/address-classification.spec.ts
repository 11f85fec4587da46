import { classifyAddress } from './address-classification';

describe('classifyAddress', () => {
  it.each([
    // IPv4 public
    ['8.8.8.8', 'unicast'],
    ['1.1.1.1', 'unicast'],
    ['93.184.215.14', 'unicast'],
    ['100.63.255.255', 'unicast'],
    ['100.128.0.0', 'unicast'],
    ['172.32.0.1', 'unicast'],
    ['169.253.255.255', 'unicast'],
    // IPv6 public
    ['2606:4700:4700::1111', 'unicast'],
    ['2a00:1450:4001:82a::200e', 'unicast'],
  ])('should call %s public (%s)', (address, range) => {
    expect(classifyAddress(address)).toMatchObject({ range, isPublic: true });
  });

  it.each([
    // IPv4: RFC 1918, CGNAT, loopback, link-local and the cloud metadata address, unspecified, multicast
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.255', 'carrierGradeNat'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'linkLocal'],
    ['169.254.0.1', 'linkLocal'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    // IPv4 never routable on the Internet: documentation, benchmarking, 240/4
    ['192.0.2.1', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    // IPv6: loopback, unspecified, link-local, unique-local, multicast, documentation
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['febf:ffff::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456:789a::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['fec0::1', 'deprecatedSiteLocal'],
    // IPv6 outside 2000::/3, which ipaddr.js alone calls unicast: IPv4-compatible ::127.0.0.1 in hex
    ['::7f00:1', 'reserved'],
    ['1234::1', 'reserved'],
    // IPv6 tunnelling forms that hide an IPv4 address
    ['2002:7f00:1::1', '6to4'],
    ['2001::1', 'teredo'],
    // not addresses at all
    ['localhost', 'invalid'],
    ['', 'invalid'],
  ])('should refuse %s (%s)', (address, range) => {
    expect(classifyAddress(address)).toMatchObject({ range, isPublic: false });
  });

  it.each([
    ['::ffff:127.0.0.1', '127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', '127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', '10.0.0.1', 'private'],
    ['::ffff:192.168.0.1', '192.168.0.1', 'private'],
    ['::ffff:169.254.169.254', '169.254.169.254', 'linkLocal'],
    ['::ffff:a9fe:a9fe', '169.254.169.254', 'linkLocal'],
    ['::ffff:100.64.0.1', '100.64.0.1', 'carrierGradeNat'],
    ['::ffff:0.0.0.0', '0.0.0.0', 'unspecified'],
    ['::ffff:224.0.0.1', '224.0.0.1', 'multicast'],
    // ipaddr.js reads the dotted IPv4-compatible form as mapped; either way it is loopback
    ['::127.0.0.1', '127.0.0.1', 'loopback'],
  ])('should judge IPv4-mapped %s by the IPv4 address inside', (address, inner, range) => {
    expect(classifyAddress(address)).toEqual({ address: inner, range, embeddedIn: 'ipv4Mapped', isPublic: false });
  });

  it('should let an IPv4-mapped public address through', () => {
    expect(classifyAddress('::ffff:8.8.8.8')).toEqual({
      address: '8.8.8.8',
      range: 'unicast',
      embeddedIn: 'ipv4Mapped',
      isPublic: true,
    });
  });

  it.each([
    ['64:ff9b::7f00:1', '127.0.0.1', 'loopback', false],
    ['64:ff9b::a9fe:a9fe', '169.254.169.254', 'linkLocal', false],
    ['64:ff9b::10.1.2.3', '10.1.2.3', 'private', false],
    ['64:ff9b::808:808', '8.8.8.8', 'unicast', true],
  ])('should judge NAT64 %s by the IPv4 address inside', (address, inner, range, isPublic) => {
    expect(classifyAddress(address)).toEqual({ address: inner, range, embeddedIn: 'rfc6052', isPublic });
  });

  it('should refuse the local-use NAT64 prefix, whose embedding varies', () => {
    expect(classifyAddress('64:ff9b:1::a00:1')).toMatchObject({ isPublic: false });
  });
});
