package org.fountain.accounts.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.fountain.accounts.AccountsProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins (form and HTTP Basic) per user name and per address, and registrations per address, over
 * fixed windows; past a limit, further attempts are refused before any password is checked (each check is a bcrypt,
 * the cost a guesser would make the portal pay) until the window ends. A successful sign-in clears its name's count.
 */
@Component
public class Throttle {

    private static final Logger log = LoggerFactory.getLogger(Throttle.class);

    /**
     * More keys than this are not kept, in each of the maps (names; addresses and registrations): the least recently
     * used is dropped first. A flood of new addresses cannot fill memory, nor push out a name whose guessing goes on
     * (each attempt uses its window), nor a name's window at all: names and addresses are kept apart.
     */
    static final int MAX_KEYS = 100_000;

    private final AccountsProperties.Limits limits;
    private final Map<String, Window> names = lru();
    private final Map<String, Window> addresses = lru();
    private final Counter byName;
    private final Counter byAddress;
    private final Counter registrations;

    private static Map<String, Window> lru() {
        return Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > MAX_KEYS;
            }
        });
    }

    private Map<String, Window> windows(String key) {
        return key.startsWith("name:") ? names : addresses;
    }

    /**
     * The address a throttle counts: an IPv4 address as it is, an IPv6 one by its /64 (one subscriber's network hands
     * out whole /64s, so counting single addresses there would count nothing).
     */
    static String counted(String address) {
        if (address.indexOf(':') < 0 || !address.matches("[0-9A-Fa-f:.]{2,45}")) {
            return address; // IPv4, or not an address literal (never looked up by name)
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length != 16) {
                return address;
            }
            Arrays.fill(bytes, 8, 16, (byte) 0);
            return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private static final class Window {
        final long start;
        int count;
        boolean told;

        Window(long start) {
            this.start = start;
        }
    }

    Throttle(AccountsProperties properties, ObjectProvider<MeterRegistry> registry) {
        this.limits = properties.limits();
        MeterRegistry meters = registry.getIfAvailable(SimpleMeterRegistry::new);
        this.byName = refused(meters, "name");
        this.byAddress = refused(meters, "address");
        this.registrations = refused(meters, "registration");
    }

    private static Counter refused(MeterRegistry meters, String kind) {
        return Counter.builder("fountain.accounts.throttled")
                .description("Sign-ins and registrations refused, unchecked, because their name or address is over its"
                        + " limit")
                .tag("kind", kind)
                .register(meters);
    }

    /** How long until a sign-in as this name from this address may be tried again; zero when it may now. */
    public Duration signInWait(@Nullable String username, String address) {
        Duration name = username == null
                ? Duration.ZERO
                : wait(
                        "name:" + username.toLowerCase(Locale.ROOT),
                        limits.failedSignInsPerName(),
                        limits.signInWindow());
        if (!name.isZero()) {
            byName.increment();
            return name;
        }
        Duration from = wait("address:" + counted(address), limits.failedSignInsPerAddress(), limits.signInWindow());
        if (!from.isZero()) {
            byAddress.increment();
        }
        return from;
    }

    /** How long until this address may register again; zero when it may now (the attempt is then counted). */
    public Duration registrationWait(String address) {
        String key = "register:" + counted(address);
        Duration wait = wait(key, limits.registrationsPerAddress(), limits.registrationWindow());
        if (!wait.isZero()) {
            registrations.increment();
            return wait;
        }
        count(key, limits.registrationWindow(), limits.registrationsPerAddress(), "registrations from " + address);
        return Duration.ZERO;
    }

    /** A password checked outside sign-in (changing it) was wrong: counted as a failed sign-in. */
    public void failedCheck(String username, String address) {
        count(
                "name:" + username.toLowerCase(Locale.ROOT),
                limits.signInWindow(),
                limits.failedSignInsPerName(),
                "failed sign-ins as '" + username + "'");
        count(
                "address:" + counted(address),
                limits.signInWindow(),
                limits.failedSignInsPerAddress(),
                "failed sign-ins from " + address);
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        String name = event.getAuthentication().getName();
        if (name != null) {
            count(
                    "name:" + name.toLowerCase(Locale.ROOT),
                    limits.signInWindow(),
                    limits.failedSignInsPerName(),
                    "failed sign-ins as '" + name + "'");
        }
        if (event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details) {
            count(
                    "address:" + counted(details.getRemoteAddress()),
                    limits.signInWindow(),
                    limits.failedSignInsPerAddress(),
                    "failed sign-ins from " + details.getRemoteAddress());
        }
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        String name = event.getAuthentication().getName();
        if (name != null) {
            names.remove("name:" + name.toLowerCase(Locale.ROOT));
        }
    }

    private Duration wait(String key, int limit, Duration window) {
        Map<String, Window> windows = windows(key);
        Window current = windows.get(key);
        if (current == null) {
            return Duration.ZERO;
        }
        synchronized (current) {
            long left = current.start + window.toNanos() - System.nanoTime();
            if (left <= 0) {
                windows.remove(key, current);
                return Duration.ZERO;
            }
            return current.count >= limit ? Duration.ofNanos(left) : Duration.ZERO;
        }
    }

    private void count(String key, Duration window, int limit, String what) {
        long now = System.nanoTime();
        Map<String, Window> windows = windows(key);
        Window current =
                windows.compute(key, (k, w) -> w == null || now - w.start > window.toNanos() ? new Window(now) : w);
        synchronized (current) {
            current.count++;
            if (current.count >= limit && !current.told) {
                current.told = true;
                log.warn("{} {} within {}: refusing more until the window ends", current.count, what, window);
            }
        }
    }
}
