package org.fountain.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.fountain.alerts.Sky;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the mock stream at a cadence: steady (one alert every 1/rate seconds) or in bursts (N alerts as fast as
 * they go, every T seconds, like a Rubin visit). The cadence can be changed and the stream paused while it runs.
 */
final class MockStreamLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(MockStreamLoop.class);

    /** What the loop does now. */
    record Settings(
            SimulatorProperties.Cadence cadence, double rate, int burstSize, Duration burstInterval, boolean paused) {

        Settings {
            if (!(rate > 0) || rate > 1_000_000) {
                throw new IllegalArgumentException("rate must be between 0 and 1,000,000 alerts a second");
            }
            if (burstSize < 1 || burstSize > 1_000_000) {
                throw new IllegalArgumentException("a burst holds 1 to 1,000,000 alerts");
            }
            if (burstInterval.isNegative() || burstInterval.isZero()) {
                throw new IllegalArgumentException("the burst interval must be positive");
            }
        }

        static Settings of(SimulatorProperties properties) {
            return new Settings(
                    properties.cadence(), properties.rate(), properties.burstSize(), properties.burstInterval(), false);
        }
    }

    /** The loop's sense of time: the system's, or a test's that moves only when the loop sleeps. */
    interface Pacer {
        /** Now, in nanoseconds from an arbitrary origin. */
        long nanoTime();

        /** Returns at {@code deadline} (in {@link #nanoTime()}'s terms) or at once if it has passed. */
        void sleepUntil(long deadline) throws InterruptedException;

        Pacer SYSTEM = new Pacer() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepUntil(long deadline) throws InterruptedException {
                long wait = deadline - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        };
    }

    private static final long PAUSED_NAP_NANOS = 250_000_000L;

    private final MessageSource source;
    private final Consumer<MockMessage> publisher;
    private final long limit;
    private final Clock clock;
    private final Pacer pacer;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile Settings settings;
    private volatile boolean running = true;
    private volatile @Nullable Thread thread;

    MockStreamLoop(MessageSource source, Consumer<MockMessage> publisher, Settings settings, long limit) {
        this(source, publisher, settings, limit, Clock.systemUTC());
    }

    /** As above, with the alerts' detection times read from the given clock. */
    MockStreamLoop(MessageSource source, Consumer<MockMessage> publisher, Settings settings, long limit, Clock clock) {
        this(source, publisher, settings, limit, clock, Pacer.SYSTEM);
    }

    /** As above, paced by {@code pacer}. */
    MockStreamLoop(
            MessageSource source,
            Consumer<MockMessage> publisher,
            Settings settings,
            long limit,
            Clock clock,
            Pacer pacer) {
        this.clock = clock;
        this.pacer = pacer;
        this.source = source;
        this.publisher = publisher;
        this.settings = settings;
        this.limit = limit;
    }

    Thread start(String name) {
        Thread t = new Thread(this, name);
        t.setDaemon(true);
        thread = t;
        t.start();
        return t;
    }

    void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    Settings settings() {
        return settings;
    }

    void change(Settings newSettings) {
        settings = newSettings;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    long published() {
        return published.get();
    }

    long failed() {
        return failed.get();
    }

    MessageSource source() {
        return source;
    }

    boolean finished() {
        return limit > 0 && published.get() >= limit;
    }

    @Override
    public void run() {
        long nextDue = pacer.nanoTime();
        while (running && !finished()) {
            Settings now = settings;
            try {
                if (now.paused()) {
                    pacer.sleepUntil(pacer.nanoTime() + PAUSED_NAP_NANOS);
                    nextDue = pacer.nanoTime();
                    continue;
                }
                if (now.cadence() == SimulatorProperties.Cadence.STEADY) {
                    publishOne();
                    nextDue += (long) (1_000_000_000L / now.rate());
                    pacer.sleepUntil(nextDue);
                } else {
                    long burstStart = pacer.nanoTime();
                    for (int i = 0; i < now.burstSize() && running && !finished() && settings == now; i++) {
                        publishOne();
                    }
                    pacer.sleepUntil(burstStart + now.burstInterval().toNanos());
                    nextDue = pacer.nanoTime();
                }
            } catch (InterruptedException e) {
                // woken by a change of settings or by stop()
                nextDue = pacer.nanoTime();
            }
        }
    }

    private void publishOne() {
        try {
            publisher.accept(source.next(Sky.julianDate(clock.millis())));
            published.incrementAndGet();
        } catch (RuntimeException e) {
            if (failed.incrementAndGet() % 100 == 1) {
                log.warn("Mock stream could not publish ({} failures so far): {}", failed.get(), e.toString());
            }
        }
    }
}
