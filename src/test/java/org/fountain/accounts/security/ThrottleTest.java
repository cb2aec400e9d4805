package org.fountain.accounts.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.fountain.accounts.AccountsProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * The sign-in throttle keeps a name locked out however many other keys a guesser makes it count, and counts IPv6
 * addresses by their /64.
 */
class ThrottleTest {

    private final Throttle throttle = new Throttle(
            new AccountsProperties(
                    "admin",
                    null,
                    new AccountsProperties.Limits(5, 100, Duration.ofMinutes(15), 20, Duration.ofHours(1)),
                    AccountsProperties.Registration.OPEN),
            new StaticListableBeanFactory().getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class));

    @Test
    void aFloodOfNewAddressesDoesNotLiftANamesLockout() {
        for (int i = 0; i < 5; i++) {
            throttle.failedCheck("victim", "198.51.100.7");
        }
        assertThat(throttle.signInWait("victim", "203.0.113.1")).isPositive();
        // more addresses than the throttle keeps, each failing once
        for (int i = 0; i < Throttle.MAX_KEYS + 10; i++) {
            throttle.failedCheck(
                    "guess-" + (i % 1000), "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }
        assertThat(throttle.signInWait("victim", "203.0.113.1"))
                .as("still locked out")
                .isPositive();
    }

    @Test
    void ipv6AddressesAreCountedByTheirSlash64() {
        assertThat(Throttle.counted("2001:db8:1:2:aaaa::1")).isEqualTo(Throttle.counted("2001:db8:1:2:bbbb::9"));
        assertThat(Throttle.counted("2001:db8:1:2::1")).isNotEqualTo(Throttle.counted("2001:db8:1:3::1"));
        assertThat(Throttle.counted("192.0.2.1")).isEqualTo("192.0.2.1");
        for (int i = 0; i < 100; i++) {
            throttle.failedCheck("name-" + i, "2001:db8:1:2:" + Integer.toHexString(i) + "::1");
        }
        assertThat(throttle.signInWait("someone", "2001:db8:1:2:ffff::1"))
                .as("the whole /64 is over its limit")
                .isPositive();
        assertThat(throttle.signInWait("someone", "2001:db8:1:3::1")).isZero();
    }
}
