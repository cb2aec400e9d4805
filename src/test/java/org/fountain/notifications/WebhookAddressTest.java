package org.fountain.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Which addresses a webhook may not reach unless allowed, and the signature a receiver checks. */
class WebhookAddressTest {

    @Test
    void loopbackPrivateLinkLocalAndUniqueLocalAddressesAreRefusedPublicOnesNot() throws Exception {
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
            "224.0.0.1"
        }) {
            assertThat(NotificationSender.isPrivate(InetAddress.getByName(address)))
                    .as(address)
                    .isTrue();
        }
        for (String address : new String[] {"93.184.216.34", "2606:2800:220:1::1", "8.8.8.8"}) {
            assertThat(NotificationSender.isPrivate(InetAddress.getByName(address)))
                    .as(address)
                    .isFalse();
        }
    }

    @Test
    void theSignatureIsTheHmacSha256OfTheTimestampAndBody() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertThat(NotificationSender.sign("Jefe", "what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
