package org.fountain;

import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.fountain.accounts.Accounts;
import org.fountain.simulator.MockMessage;
import org.fountain.simulator.Testbed;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Live delivery under load, end to end, as a community loads it: the embedded portal, the standalone testbed
 * publishing ZTF-shaped alerts (with cutouts) at a steady rate, and N dashboards connected over STOMP from a process of
 * their own, each a user following the public example filters (as every new user does) and with private filters of its
 * own ({@code --private K}, one by default: an RA band, so that each alert matches about ten users' own filters and
 * each user has about one match a second of its own). The dashboards print, from the moment an alert was published to
 * the moment a dashboard received its match, p50 / p90 / p99 / max for the private filters' matches, the public
 * filters' listed matches and firehose samples apart, by 10 s window, with the slowest alerts; the portal prints its
 * own timers beside them (matching to relay, the flush, frame to socket), its collections, CPU and allocation by
 * thread; then, after a burst, how long until every dashboard receives fresh matches within a second again. {@code
 * --warmup S} publishes at the same rate for S seconds first, not measured. {@code --clients internal} runs the
 * clients in the portal's JVM, {@code --cutouts false} leaves the stamps out, {@code --private 0} gives the users
 * no filters of their own (every dashboard then receives the same frames: the best case), {@code --client-heap 10g}
 * gives the clients' JVM more than its 6 GB (about 1 MB a dashboard), {@code --client-buffer 262144} each connection's
 * receive buffers less than 512 KB (a larger frame fails that client). {@code --jfr FILE}
 * records a profile of the warm-up and the steady phase. An option naming a setting ({@code
 * --fountain.delivery.live.flush-interval 50ms}) is passed to the portal. Run:
 *
 * <pre>
 * MAVEN_OPTS=-Xmx8g ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.fountain.LiveLoad \
 *     -Dexec.args="--dashboards 1000 --rate 300 --seconds 100 --warmup 20 --burst 40000"
 * </pre>
 */
public final class LiveLoad {

    static final String TOPIC = "ztf_20990401_programid1";

    private LiveLoad() {}

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1); // the embedded broker's threads would keep the harness alive otherwise
        }
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> options = LoadHarness.options(args);
        int dashboards = Integer.parseInt(options.getOrDefault("dashboards", "1000"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "300"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
        int burst = Integer.parseInt(options.getOrDefault("burst", "40000"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "0"));
        int privateFilters = Integer.parseInt(options.getOrDefault("private", "1"));
        boolean cutouts = Boolean.parseBoolean(options.getOrDefault("cutouts", "true"));
        boolean external = !"internal".equals(options.getOrDefault("clients", "external"));
        String profile = options.get("jfr");

        EmbeddedServices services = LoadHarness.services(List.of(TOPIC));
        String kafka = services.kafkaBootstrapServers();
        List<String> portal = new ArrayList<>(List.of(
                "--server.port=0",
                "--fountain.simulator.enabled=false",
                "--fountain.accounts.admin-password=load-admin-password",
                "--fountain.accounts.limits.registrations-per-address=" + (dashboards + 10),
                "--server.tomcat.max-connections=" + (dashboards + 200),
                "--server.tomcat.threads.max=" + 200));
        // any option naming a setting (--fountain.archive.enabled false) is the portal's
        options.forEach((name, value) -> {
            if (name.contains(".")) {
                portal.add("--" + name + "=" + value);
            }
        });
        ConfigurableApplicationContext context =
                new SpringApplication(FountainApplication.class).run(portal.toArray(String[]::new));
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        String base = "http://localhost:" + port;
        MeterRegistry meters = context.getBean(MeterRegistry.class);

        System.out.printf(
                "Fountain live load: %,d dashboards, each a user following the example filters and %d private filter(s)"
                        + " of its own (an RA band of %.1f°); clients %s; %,d alerts/s %s cutouts for %d s (after %d s"
                        + " of warm-up), then a burst of %,d%n",
                dashboards,
                privateFilters,
                BAND,
                external ? "in a process of their own" : "in this JVM",
                rate,
                cutouts ? "with" : "without",
                seconds,
                warmup,
                burst);
        long signingIn = System.nanoTime();
        register(context, dashboards, privateFilters);
        System.out.printf(
                "%,d users registered with their filters in %.0f s%n",
                dashboards, (System.nanoTime() - signingIn) / 1e9);
        long connecting = System.nanoTime();
        Dashboards open = external
                ? new ClientProcess(
                        base,
                        dashboards,
                        options.getOrDefault("client-heap", "6g"),
                        options.getOrDefault("client-buffer", Integer.toString(512 << 10)))
                : new InProcess(base, dashboards);
        System.out.printf(
                "%,d dashboards signed in and connected in %.0f s%n",
                dashboards, (System.nanoTime() - connecting) / 1e9);
        Thread.sleep(1000);

        List<String> testbed = new ArrayList<>(List.of("--surveys", "ztf", "--objects", "20000", "--seed", "5"));
        if (!cutouts) {
            testbed.add("--no-cutouts");
        }
        Supplier<MockMessage> messages = Testbed.messages(
                org.fountain.alerts.Sky.julianDate(System.currentTimeMillis()), testbed.toArray(String[]::new));
        // written before the clock starts: encoding the testbed's alerts would otherwise compete with the portal
        long generating = System.nanoTime();
        Supplier<MockMessage> steadyMessages = ahead(messages, rate * (seconds + warmup));
        Supplier<MockMessage> burstMessages = ahead(messages, burst);
        System.out.printf(
                "%,d messages written ahead in %.0f s%n",
                rate * (seconds + warmup) + burst, (System.nanoTime() - generating) / 1e9);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Pauses pauses = new Pauses();
        try (KafkaProducer<byte[], byte[]> producer = LoadHarness.producer(kafka)) {
            jdk.jfr.Recording recording = null;
            if (profile != null) {
                // with the JDK's profiling settings (jfr print --events jdk.ExecutionSample), started before the
                // warm-up: starting a recording stalls this process for seconds on two cores
                recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                recording.start();
            }
            if (warmup > 0) {
                publish(producer, steadyMessages, open, rate, warmup);
            }
            long clientsBefore = open.cpuMillis();
            Map<String, Long> allocatedBefore = allocatedByThreadGroup(threads);
            Map<String, Long> cpuBefore = cpuByThreadGroup(threads);
            long processBefore = processCpu();
            long wallBefore = System.nanoTime();
            long since = System.currentTimeMillis();
            ServerTimers serverBefore = ServerTimers.of(meters);
            pauses.on = true;
            System.out.printf("measuring from %s%n", java.time.Instant.ofEpochMilli(since));
            open.measure(since, seconds);
            publish(producer, steadyMessages, open, rate, seconds);
            Thread.sleep(3000);
            pauses.on = false;
            long wall = System.nanoTime() - wallBefore;
            long processSpent = processCpu() - processBefore;
            long clientsSpent = open.cpuMillis() - clientsBefore;
            ServerTimers server = ServerTimers.of(meters).since(serverBefore);
            if (recording != null) {
                recording.stop();
                recording.dump(java.nio.file.Path.of(profile));
                recording.close();
                System.out.printf("profile of the warm-up and the steady phase written to %s%n", profile);
            }
            System.out.printf("steady %,d alerts/s, as the dashboards saw it:%n%s", rate, open.report());
            System.out.printf(
                    "  the server: ingested %,.0f alerts, %,.0f matches made (with warm-up); while measuring %,.0f"
                            + " listed, %,.0f counted in the rate of a firehose, skipped %,.0f, missed %,.0f;"
                            + " relay lag at the end %.2f s%n",
                    sum(meters, "fountain.ingest.alerts"),
                    sum(meters, "fountain.matches"),
                    server.sent,
                    server.inRates,
                    server.skipped,
                    server.missed,
                    gauge(meters, "fountain.live.relay.lag"));
            System.out.printf(
                    "  the server's timers while measuring: matching to the relay reading it mean %.0f ms, max %.0f"
                            + " ms; a flush mean %.2f ms, max %.0f ms (%,d flushes, %,.0f frames); a frame handed to a"
                            + " connection to written to its socket mean %.1f ms, max %.0f ms%n",
                    server.relayMean,
                    timer(meters, "fountain.live.relay.delay").max(TimeUnit.MILLISECONDS),
                    server.flushMean,
                    timer(meters, "fountain.live.flush").max(TimeUnit.MILLISECONDS),
                    server.flushes,
                    server.frames,
                    server.writeMean,
                    timer(meters, "fountain.live.write.delay").max(TimeUnit.MILLISECONDS));
            System.out.printf("  garbage collection in the portal's JVM while measuring: %s%n", pauses);
            System.out.printf(
                    "CPU: the portal's process %.0f %% of one core; the dashboards' clients %.0f %% (%s)%n",
                    100.0 * processSpent / wall,
                    100.0 * clientsSpent * 1e6 / wall,
                    external ? "their own process" : "threads of this one");
            System.out.printf(
                    "  CPU by thread while measuring (numbers in names folded):%s%n",
                    top(cpuByThreadGroup(threads), cpuBefore, wall, 1e7, "% of a core"));
            System.out.printf(
                    "  allocated, by thread:%s%n",
                    top(allocatedByThreadGroup(threads), allocatedBefore, wall, 1e6, "MB/s"));

            long burstStart = System.currentTimeMillis();
            for (int i = 0; i < burst; i++) {
                send(producer, burstMessages.get(), open);
            }
            producer.flush();
            long burstSent = System.currentTimeMillis();
            open.burst(burstSent);
            System.out.printf("burst of %,d alerts published in %.1f s%n", burst, (burstSent - burstStart) / 1e3);
            // then a steady trickle: every dashboard must receive matches of fresh alerts within a second again
            long caughtUp = -1;
            long until = burstSent + 120_000;
            while (System.currentTimeMillis() < until) {
                long tick = System.currentTimeMillis();
                for (int i = 0; i < rate / 10; i++) {
                    send(producer, messages.get(), open);
                }
                if (open.fresh() == dashboards) {
                    caughtUp = System.currentTimeMillis();
                    break;
                }
                Thread.sleep(Math.max(0, 100 - (System.currentTimeMillis() - tick)));
            }
            System.out.printf(
                    caughtUp < 0
                            ? "after the burst: not every dashboard was live again within 120 s%n"
                            : "after the burst: every dashboard live again (a fresh match within 1 s) %.1f s after"
                                    + " the burst was published; skipped %,.0f, missed %,.0f in all%n",
                    (caughtUp - burstSent) / 1e3,
                    counted(meters, "skipped"),
                    counted(meters, "missed"));
        } finally {
            open.close();
            context.close();
            services.close();
        }
    }

    /** Width of each user's private RA band: 1,000 users cover the sky ten times over, as in the runs. */
    private static final double BAND = 3.6;

    /**
     * Registers the users (who follow the public examples on registering) and gives each its private filters: user i's
     * k-th an RA band of {@link #BAND} degrees, the bands spread evenly around the sky.
     */
    static void register(ConfigurableApplicationContext context, int users, int privateFilters) throws Exception {
        Accounts accounts = context.getBean(Accounts.class);
        org.fountain.filters.Filters filters = context.getBean(org.fountain.filters.Filters.class);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            int n = i;
            done.add(pool.submit(() -> {
                String user = USER + n;
                accounts.register(user, PASSWORD);
                for (int k = 0; k < privateFilters; k++) {
                    double from = ((n * privateFilters + k) * 360.0 / (users * privateFilters)) % 360.0;
                    filters.create(
                            user,
                            org.fountain.filters.FilterDraft.of(
                                    "RA band " + k,
                                    String.format(
                                            java.util.Locale.ROOT,
                                            "candidate.ra >= %.4f && candidate.ra < %.4f && candidate.rb >= 0.3",
                                            from,
                                            from + BAND)));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    private static final String USER = "live-load-";
    private static final String PASSWORD = "load-password";

    /** The dashboards, wherever they run. */
    interface Dashboards {
        void published(int partition, long offset, long at);

        void measure(long since, int seconds) throws Exception;

        String report() throws Exception;

        void burst(long since) throws Exception;

        int fresh() throws Exception;

        long cpuMillis() throws Exception;

        /** Listed matches received since the last call: how many, and their latency's p50 and p99 in ms. */
        double[] minute() throws Exception;

        void close() throws Exception;
    }

    /** The dashboards as threads of this JVM (as earlier runs had them). */
    private static final class InProcess implements Dashboards {
        private final LiveLoadClients clients = new LiveLoadClients();
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        InProcess(String base, int count) throws Exception {
            clients.connect(base, USER, PASSWORD, count);
        }

        @Override
        public void published(int partition, long offset, long at) {
            clients.published(partition, offset, at);
        }

        @Override
        public void measure(long since, int seconds) {
            clients.measure(since, seconds);
        }

        @Override
        public String report() {
            return clients.report();
        }

        @Override
        public void burst(long since) {
            clients.burst(since);
        }

        @Override
        public int fresh() {
            return clients.fresh();
        }

        @Override
        public long cpuMillis() {
            long sum = 0;
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null
                        && (info.getThreadName().startsWith("WebSocketClient")
                                || info.getThreadName().startsWith("stomp-client-"))) {
                    sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                }
            }
            return sum / 1_000_000;
        }

        @Override
        public double[] minute() {
            return clients.minute();
        }

        @Override
        public void close() {
            clients.close();
        }
    }

    /** The dashboards in a JVM of their own ({@link LiveLoadClients#main}), driven over its standard input. */
    static final class ClientProcess implements Dashboards {
        private final Process process;
        private final java.io.PrintWriter commands;
        private final java.util.concurrent.BlockingQueue<String> answers =
                new java.util.concurrent.LinkedBlockingQueue<>();

        ClientProcess(String base, int count, String heap, String buffer) throws Exception {
            String command = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString();
            process = new ProcessBuilder(
                            command,
                            "-Xmx" + heap, // each connection holds two receive buffers (512 KB each by default)
                            "-Dfountain.load.client-buffer=" + buffer,
                            "-Dlogging.config=classpath:logback-test.xml",
                            "-cp",
                            classPath(),
                            LiveLoadClients.class.getName(),
                            base,
                            USER,
                            PASSWORD,
                            Integer.toString(count))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            commands = new java.io.PrintWriter(
                    new java.io.OutputStreamWriter(process.getOutputStream(), java.nio.charset.StandardCharsets.UTF_8),
                    false);
            Thread reader = new Thread(
                    () -> {
                        try (java.io.BufferedReader lines = process.inputReader()) {
                            String line;
                            while ((line = lines.readLine()) != null) {
                                answers.add(line);
                            }
                        } catch (java.io.IOException e) {
                            answers.add("error " + e);
                        }
                    },
                    "client-process-reader");
            reader.setDaemon(true);
            reader.start();
            String connected = answer("connected", 600);
            if (!connected.equals("connected " + count)) {
                throw new IllegalStateException("the clients' process said: " + connected);
            }
        }

        /** The harness's classpath: exec:java loads it in a class loader of its own, not on java.class.path. */
        private static String classPath() {
            List<String> entries = new ArrayList<>();
            for (ClassLoader loader = LiveLoad.class.getClassLoader(); loader != null; loader = loader.getParent()) {
                if (loader instanceof java.net.URLClassLoader urls) {
                    for (java.net.URL url : urls.getURLs()) {
                        try {
                            entries.add(java.nio.file.Path.of(url.toURI()).toString());
                        } catch (java.net.URISyntaxException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            }
            entries.add(System.getProperty("java.class.path"));
            return String.join(java.io.File.pathSeparator, entries);
        }

        private String answer(String prefix, int seconds) throws InterruptedException {
            long until = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < until) {
                String line = answers.poll(1, TimeUnit.SECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return line;
                }
                if (line == null && !process.isAlive()) {
                    throw new IllegalStateException("the clients' process ended (" + process.exitValue() + ")");
                }
            }
            throw new IllegalStateException("the clients' process did not answer '" + prefix + "'");
        }

        private synchronized void command(String line) {
            commands.print(line);
            commands.print('\n');
            commands.flush();
        }

        @Override
        public void published(int partition, long offset, long at) {
            command("p " + partition + " " + offset + " " + at);
        }

        @Override
        public void measure(long since, int seconds) {
            command("measure " + since + " " + seconds);
        }

        @Override
        public String report() throws InterruptedException {
            command("report");
            StringBuilder lines = new StringBuilder();
            for (String line = answers.poll(60, TimeUnit.SECONDS);
                    line != null && !line.equals("end");
                    line = answers.poll(60, TimeUnit.SECONDS)) {
                lines.append(line).append('\n');
            }
            return lines.toString();
        }

        @Override
        public void burst(long since) {
            command("burst " + since);
        }

        @Override
        public int fresh() throws InterruptedException {
            command("fresh");
            return Integer.parseInt(answer("fresh", 30).substring(6));
        }

        @Override
        public long cpuMillis() throws InterruptedException {
            command("cpu");
            return Long.parseLong(answer("cpu", 30).substring(4));
        }

        @Override
        public double[] minute() throws InterruptedException {
            command("minute");
            String[] words = answer("minute", 30).split(" ");
            return new double[] {
                Double.parseDouble(words[1]), Double.parseDouble(words[2]), Double.parseDouble(words[3])
            };
        }

        @Override
        public void close() throws InterruptedException {
            command("quit");
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** The portal's live counters and timers at one moment, and their change since another. */
    private record ServerTimers(
            double sent,
            double inRates,
            double skipped,
            double missed,
            double frames,
            long flushes,
            double flushTotal,
            double relayMean,
            long relayCount,
            double relayTotal,
            double flushMean,
            double writeMean,
            long writeCount,
            double writeTotal) {

        static ServerTimers of(MeterRegistry meters) {
            var relay = timer(meters, "fountain.live.relay.delay");
            var flush = timer(meters, "fountain.live.flush");
            var write = timer(meters, "fountain.live.write.delay");
            return new ServerTimers(
                    LiveLoad.counted(meters, "sent"),
                    LiveLoad.counted(meters, "counted-in-a-rate"),
                    LiveLoad.counted(meters, "skipped"),
                    LiveLoad.counted(meters, "missed"),
                    sum(meters, "fountain.live.frames"),
                    flush.count(),
                    flush.totalTime(TimeUnit.MILLISECONDS),
                    0,
                    relay.count(),
                    relay.totalTime(TimeUnit.MILLISECONDS),
                    0,
                    0,
                    write.count(),
                    write.totalTime(TimeUnit.MILLISECONDS));
        }

        ServerTimers since(ServerTimers before) {
            long relays = relayCount - before.relayCount;
            long flushed = flushes - before.flushes;
            long writes = writeCount - before.writeCount;
            return new ServerTimers(
                    sent - before.sent,
                    inRates - before.inRates,
                    skipped - before.skipped,
                    missed - before.missed,
                    frames - before.frames,
                    flushed,
                    flushTotal - before.flushTotal,
                    relays == 0 ? Double.NaN : (relayTotal - before.relayTotal) / relays,
                    relays,
                    relayTotal - before.relayTotal,
                    flushed == 0 ? Double.NaN : (flushTotal - before.flushTotal) / flushed,
                    writes == 0 ? Double.NaN : (writeTotal - before.writeTotal) / writes,
                    writes,
                    writeTotal - before.writeTotal);
        }
    }

    private static void publish(
            KafkaProducer<byte[], byte[]> producer,
            Supplier<MockMessage> messages,
            Dashboards open,
            int rate,
            int seconds)
            throws InterruptedException {
        long start = System.nanoTime();
        long sent = 0;
        while (System.nanoTime() - start < seconds * 1_000_000_000L) {
            long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
            while (sent < due) {
                send(producer, messages.get(), open);
                sent++;
            }
            Thread.sleep(5);
        }
        producer.flush();
    }

    /** The next {@code count} messages, written now, handed out in order (then the source's own). */
    private static Supplier<MockMessage> ahead(Supplier<MockMessage> source, int count) {
        java.util.ArrayDeque<MockMessage> written = new java.util.ArrayDeque<>(count);
        for (int i = 0; i < count; i++) {
            written.add(source.get());
        }
        return () -> written.isEmpty() ? source.get() : written.poll();
    }

    static void send(KafkaProducer<byte[], byte[]> producer, MockMessage message, Dashboards open) {
        long at = System.currentTimeMillis();
        producer.send(new ProducerRecord<>(TOPIC, message.key(), message.value()), (metadata, e) -> {
            if (metadata != null) {
                open.published(metadata.partition(), metadata.offset(), at);
            }
        });
    }

    /** The busiest of some per-thread-group figure since {@code before}, per second of {@code wall}, scaled. */
    private static String top(Map<String, Long> now, Map<String, Long> before, long wall, double scale, String unit) {
        Map<String, Long> change = new java.util.HashMap<>(now);
        before.forEach((group, was) -> change.merge(group, -was, Long::sum));
        StringBuilder lines = new StringBuilder();
        change.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(10)
                .forEach(e -> lines.append(
                        String.format("%n    %-48s %,8.1f %s", e.getKey(), e.getValue() / scale / (wall / 1e9), unit)));
        return lines.toString();
    }

    /** CPU time so far of the threads alive now, by name with its numbers folded. */
    private static Map<String, Long> cpuByThreadGroup(ThreadMXBean threads) {
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        Map<String, Long> byGroup = new java.util.HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            long cpu = threads.getThreadCpuTime(ids[i]);
            if (infos[i] != null && cpu > 0) {
                byGroup.merge(infos[i].getThreadName().replaceAll("\\d+", "N"), cpu, Long::sum);
            }
        }
        return byGroup;
    }

    /** Pauses of the harness's JVM (the portal's, the broker's and the clients' one heap), from a moment on. */
    private static final class Pauses {
        final java.util.concurrent.atomic.LongAdder count = new java.util.concurrent.atomic.LongAdder();
        final java.util.concurrent.atomic.LongAdder millis = new java.util.concurrent.atomic.LongAdder();
        final AtomicLong longest = new AtomicLong();
        volatile long longestAt;
        volatile boolean on;

        Pauses() {
            for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((javax.management.NotificationEmitter) gc)
                        .addNotificationListener(
                                (notification, handback) -> {
                                    if (!on
                                            || !com.sun.management.GarbageCollectionNotificationInfo
                                                    .GARBAGE_COLLECTION_NOTIFICATION
                                                    .equals(notification.getType())) {
                                        return;
                                    }
                                    var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                                            (javax.management.openmbean.CompositeData) notification.getUserData());
                                    long duration = info.getGcInfo().getDuration();
                                    count.increment();
                                    millis.add(duration);
                                    if (duration > longest.get()) {
                                        longest.set(duration);
                                        longestAt = System.currentTimeMillis();
                                    }
                                },
                                null,
                                null);
            }
        }

        @Override
        public String toString() {
            return String.format(
                    "%,d collections, %,d ms in all, longest %d ms (at %s)",
                    count.sum(),
                    millis.sum(),
                    longest.get(),
                    longestAt == 0 ? "-" : java.time.Instant.ofEpochMilli(longestAt));
        }
    }

    /** Bytes allocated so far by the threads alive now, by name with its numbers folded ("ingest-N-C-N"). */
    private static Map<String, Long> allocatedByThreadGroup(ThreadMXBean threads) {
        com.sun.management.ThreadMXBean counting = (com.sun.management.ThreadMXBean) threads;
        long[] ids = threads.getAllThreadIds();
        long[] bytes = counting.getThreadAllocatedBytes(ids);
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        Map<String, Long> byGroup = new java.util.HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && bytes[i] > 0) {
                byGroup.merge(infos[i].getThreadName().replaceAll("\\d+", "N"), bytes[i], Long::sum);
            }
        }
        return byGroup;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double sum(MeterRegistry meters, String name) {
        return meters.find(name).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count)
                .sum();
    }

    private static io.micrometer.core.instrument.Timer timer(MeterRegistry meters, String name) {
        return meters.get(name).timer();
    }

    private static double gauge(MeterRegistry meters, String name) {
        var gauge = meters.find(name).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    private static double counted(MeterRegistry meters, String outcome) {
        var counter =
                meters.find("fountain.live.matches").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
