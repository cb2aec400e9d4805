package org.fountain.notifications;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which addresses a webhook may reach: global unicast ones only. Allowed are IPv4 outside the special-purpose blocks
 * (RFC 6890 and its successors: this network, private, shared address space, loopback, link-local, IETF protocol
 * assignments, documentation, benchmarking, 6to4 relay anycast, multicast, reserved, broadcast) and IPv6 in 2000::/3
 * outside its documentation, Teredo and other IETF blocks; a 6to4 address (2002::/16) is judged by the IPv4 address it
 * carries. Everything else, NAT64 (64:ff9b::/96), IPv4-mapped and IPv4-compatible forms and unique-local or link-local
 * IPv6 included, is refused.
 */
final class PublicAddresses {

    private record Block(byte[] prefix, int bits) {
        static Block of(String address, int bits) {
            try {
                return new Block(InetAddress.getByName(address).getAddress(), bits);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(address, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final List<Block> IPV4_REFUSED = List.of(
            Block.of("0.0.0.0", 8),
            Block.of("10.0.0.0", 8),
            Block.of("100.64.0.0", 10),
            Block.of("127.0.0.0", 8),
            Block.of("169.254.0.0", 16),
            Block.of("172.16.0.0", 12),
            Block.of("192.0.0.0", 24),
            Block.of("192.0.2.0", 24),
            Block.of("192.88.99.0", 24),
            Block.of("192.168.0.0", 16),
            Block.of("198.18.0.0", 15),
            Block.of("198.51.100.0", 24),
            Block.of("203.0.113.0", 24),
            Block.of("224.0.0.0", 4),
            Block.of("240.0.0.0", 4));

    private static final Block IPV6_GLOBAL = Block.of("2000::", 3);
    private static final Block IPV6_6TO4 = Block.of("2002::", 16);
    private static final List<Block> IPV6_REFUSED = List.of(
            Block.of("2001::", 23), // IETF protocol assignments, Teredo (2001::/32) among them
            Block.of("2001:db8::", 32), // documentation
            Block.of("3fff::", 20)); // documentation (RFC 9637)

    private PublicAddresses() {}

    static boolean isPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return IPV4_REFUSED.stream().noneMatch(block -> block.contains(bytes));
        }
        if (!(address instanceof Inet6Address) || !IPV6_GLOBAL.contains(bytes)) {
            return false;
        }
        if (IPV6_6TO4.contains(bytes)) {
            byte[] carried = {bytes[2], bytes[3], bytes[4], bytes[5]};
            return IPV4_REFUSED.stream().noneMatch(block -> block.contains(carried));
        }
        return IPV6_REFUSED.stream().noneMatch(block -> block.contains(bytes));
    }
}
