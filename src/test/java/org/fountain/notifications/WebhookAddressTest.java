package org.fountain.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Which addresses a webhook may reach unless private targets are allowed, and the signature a receiver checks. */
class WebhookAddressTest {

    @Test
    void everythingButGlobalUnicastIsRefused() throws Exception {
        for (String address : new String[] {
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd12:3456::1",
            "224.0.0.1",
            "100.64.0.1", // shared address space (carrier-grade NAT)
            "100.127.255.254",
            "198.18.0.1", // benchmarking
            "198.19.255.255",
            "192.0.0.8",
            "192.0.2.1",
            "198.51.100.7",
            "203.0.113.9",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::ffff:7f00:1", // IPv4-mapped 127.0.0.1, as bytes
            "::7f00:1", // IPv4-compatible 127.0.0.1
            "64:ff9b::a00:1", // NAT64 of 10.0.0.1
            "64:ff9b::808:808", // NAT64 even of a public address: outside 2000::/3
            "2002:a00:1::1", // 6to4 of 10.0.0.1
            "2002:7f00:1::1", // 6to4 of 127.0.0.1
            "2001:0:4136:e378::1", // Teredo
            "2001:db8::1",
            "ff02::1"
        }) {
            assertThat(PublicAddresses.isPublic(InetAddress.getByName(address)))
                    .as(address)
                    .isFalse();
        }
        for (String address : new String[] {
            "93.184.216.34", "2606:2800:220:1::1", "8.8.8.8", "100.128.0.1", "198.20.0.1", "2002:808:808::1"
        }) {
            assertThat(PublicAddresses.isPublic(InetAddress.getByName(address)))
                    .as(address)
                    .isTrue();
        }
    }

    @Test
    void theSignatureIsTheHmacSha256OfTheTimestampAndBody() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertThat(WebhookPoster.sign("Jefe", "what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
