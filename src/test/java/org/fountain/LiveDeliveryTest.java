package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.fountain.accounts.Accounts;
import org.fountain.alerts.AlertSummary;
import org.fountain.delivery.AlertMatches;
import org.fountain.delivery.live.LiveSessionsProbe;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.Filters;
import org.fountain.filters.Visibility;
import org.fountain.simulator.MockAlert;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Live delivery at the STOMP level, below the browser: who receives what, in which frames, and the bounds. */
class LiveDeliveryTest extends FountainIntegrationTest {

    @Autowired
    Accounts accounts;

    @Autowired
    Filters filters;

    @Autowired
    JsonMapper json;

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    private String base() {
        return "http://localhost:" + port;
    }

    @Test
    void batchesMatchesIntoFramesForTheOwnerAndFollowersConnectedAndNobodyElse() throws Exception {
        accounts.register("live-olga", "olga-password");
        accounts.register("live-fred", "fred-password");
        accounts.register("live-nina", "nina-password");
        Filter shared = filters.create(
                "live-olga",
                new FilterDraft(
                        "Live shared", "", "objectId.startsWith('ZTF26livea')", "ztf", Visibility.PUBLIC, true, false));
        filters.follow(shared.id(), "live-fred");

        try (StompDashboard olga = StompDashboard.open(base(), "live-olga", "olga-password");
                StompDashboard fred = StompDashboard.open(base(), "live-fred", "fred-password");
                StompDashboard nina = StompDashboard.open(base(), "live-nina", "nina-password")) {
            waitUntilSubscribed("live-olga", "live-fred", "live-nina");
            double jd = jdNow();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String objectId = "ZTF26livea" + (char) ('a' + i) + "a";
                sent.add(objectId);
                publish(MockAlert.simple(objectId, 80_000 + i, jd, 30 + i, 10, 18));
            }

            // everyone also follows the example filters: only the shared filter's matches are looked at
            for (StompDashboard recipient : List.of(olga, fred)) {
                await().atMost(SECONDS_20)
                        .untilAsserted(() -> assertThat(of(recipient, shared))
                                .extracting(m -> m.get("objectId").asString())
                                .containsExactlyInAnyOrderElementsOf(sent));
                assertThat(recipient.frames)
                        .allSatisfy(
                                f -> assertThat(f.body().get("missed").asLong()).isZero());
                // the matches of several alerts and filters travel together: fewer frames than matches
                assertThat(recipient.frames.size())
                        .isLessThan(recipient.matches().size());
            }
            assertThat(of(nina, shared)).isEmpty();
            assertThat(nina.matches()).isNotEmpty(); // she was connected: the example filters reached her
        }
    }

    @Test
    void refusesOtherDestinationsAndMoreConnectionsThanAllowed() throws Exception {
        accounts.register("live-cap", "cap-password");
        WebSession web = new WebSession(base()).signIn("live-cap", "cap-password");
        List<StompDashboard> open = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                open.add(StompDashboard.connect(base(), web, true));
            }
            assertThatThrownBy(() -> StompDashboard.connect(base(), web, true))
                    .hasMessageContaining("Too many open dashboards: at most 8 per user");

            // another connection's queue, and the broker's own destinations, are refused
            open.get(0).close();
            StompDashboard snoop = StompDashboard.connect(base(), web, false);
            open.add(snoop);
            snoop.subscribe("/queue/matches-user" + open.get(1).sessionId());
            await().atMost(SECONDS_20).until(() -> !snoop.errors.isEmpty());
            assertThat(snoop.connected()).isFalse();
        } finally {
            open.forEach(StompDashboard::close);
        }
    }

    @Test
    void aClientThatStopsReadingMissesMatchesWithoutDelayingOthers() throws Exception {
        accounts.register("live-slow", "slow-password");
        accounts.register("live-fast", "fast-password");
        double missedBefore = counted("missed");
        WebSession slowWeb = new WebSession(base()).signIn("live-slow", "slow-password");
        try (Socket slow = rawSubscriber(slowWeb);
                StompDashboard fast = StompDashboard.open(base(), "live-fast", "fast-password")) {
            waitUntilSubscribed("live-slow", "live-fast");
            // matches straight onto the matches topic: 290 filters of the slow user per alert (100 of theirs, 190
            // public ones they follow besides the examples), one of the fast user
            long[] slowFilters = new long[290];
            for (int f = 0; f < slowFilters.length; f++) {
                String owner = f < 100 ? "live-slow" : f < 195 ? "live-slow-a" : "live-slow-b";
                if (f == 100 || f == 195) {
                    accounts.register(owner, "slow-password");
                }
                Filter filter = filters.create(
                        owner,
                        new FilterDraft(
                                "slow filter " + f,
                                "",
                                "objectId == 'none'",
                                "ztf",
                                f < 100 ? Visibility.PRIVATE : Visibility.PUBLIC,
                                true,
                                false));
                if (f >= 100) {
                    filters.follow(filter.id(), "live-slow");
                }
                slowFilters[f] = filter.id();
            }
            long fastFilter = quietFilter("live-fast", "fast").id();
            for (int i = 0; i < 60; i++) {
                publishRaw("fountain.matches", json.writeValueAsBytes(matches("ZTF26slowxx" + i, slowFilters)));
                publishRaw("fountain.matches", json.writeValueAsBytes(matches("ZTF26fast" + i, fastFilter)));
            }

            // sixty within a second is a firehose: listed as samples, the rest counted, none lost
            await().atMost(SECONDS_20)
                    .untilAsserted(() -> assertThat(fast.accounted()).isEqualTo(60));
            assertThat(fast.matches())
                    .extracting(m -> m.get("filterId").asLong())
                    .containsOnly(fastFilter);
            await().atMost(SECONDS_20).until(() -> counted("missed") > missedBefore);

            // once it reads again it is told what it missed, unless it was closed as not reading
            slow.setSoTimeout(20_000);
            String seen = drain(slow.getInputStream(), "\"missed\":[1-9]");
            assertThat(seen)
                    .satisfiesAnyOf(
                            text -> assertThat(text).containsPattern("\"missed\":[1-9]"),
                            text -> assertThat(text).contains("not reading"));
        }
    }

    @Test
    void aMatchRecordItCannotDeliverIsSkippedAndCountedAndLiveDeliveryGoesOn() throws Exception {
        accounts.register("live-poison", "poison-password");
        double before = unreadable();
        try (StompDashboard dashboard = StompDashboard.open(base(), "live-poison", "poison-password")) {
            waitUntilSubscribed("live-poison");
            publishRaw("fountain.matches", "{not json".getBytes(StandardCharsets.UTF_8));
            // a match without its alert, and a filter no one has: nobody to deliver them to
            publishRaw(
                    "fountain.matches",
                    "{\"objectId\":\"ZTF26poisona\",\"filters\":[1]}".getBytes(StandardCharsets.UTF_8));
            publishRaw("fountain.matches", json.writeValueAsBytes(matches("ZTF26poisonc", 987_654_321L)));
            publishRaw(
                    "fountain.matches",
                    json.writeValueAsBytes(matches(
                            "ZTF26poisonb", quietFilter("live-poison", "fine").id())));

            await().atMost(SECONDS_20)
                    .untilAsserted(() -> assertThat(dashboard.matches())
                            .extracting(m -> m.get("objectId").asString())
                            .contains("ZTF26poisonb"));
            await().atMost(SECONDS_20)
                    .untilAsserted(() -> assertThat(unreadable() - before).isEqualTo(2.0));
            assertThat(dashboard.matches())
                    .extracting(m -> m.get("objectId").asString())
                    .doesNotContain("ZTF26poisona", "ZTF26poisonc");
        }
    }

    @Test
    void aReplayedMatchReachesTheOwnerAndTheFollowersWhoOptedInMarkedAndNoOtherFollower() throws Exception {
        accounts.register("replay-owen", "owen-password");
        accounts.register("replay-fola", "fola-password");
        accounts.register("replay-rhea", "rhea-password");
        Filter shared = filters.create(
                "replay-owen",
                new FilterDraft("Replayed shared", "", "objectId == 'none'", "ztf", Visibility.PUBLIC, true, false));
        filters.follow(shared.id(), "replay-fola");
        filters.follow(shared.id(), "replay-rhea", true);
        assertThat(filters.replaysFollowedBy("replay-rhea")).containsExactly(shared.id());
        assertThat(filters.replaysFollowedBy("replay-fola")).isEmpty();
        long to = shared.id();
        try (StompDashboard owner = StompDashboard.open(base(), "replay-owen", "owen-password");
                StompDashboard follower = StompDashboard.open(base(), "replay-fola", "fola-password");
                StompDashboard optedIn = StompDashboard.open(base(), "replay-rhea", "rhea-password")) {
            waitUntilSubscribed("replay-owen", "replay-fola", "replay-rhea");
            AlertMatches replayed = matches("ZTF26replayed", to);
            publishRaw(
                    "fountain.matches",
                    json.writeValueAsBytes(
                            new AlertMatches(replayed.alert(), replayed.matchedAt(), replayed.filters(), true)));
            publishRaw("fountain.matches", json.writeValueAsBytes(matches("ZTF26livenew", to)));

            await().atMost(SECONDS_20)
                    .untilAsserted(() -> assertThat(of(owner, shared))
                            .extracting(m -> m.get("objectId").asString() + "/"
                                    + m.get("replay").asBoolean())
                            .containsExactlyInAnyOrder("ZTF26replayed/true", "ZTF26livenew/false"));
            await().atMost(SECONDS_20)
                    .untilAsserted(() -> assertThat(of(optedIn, shared))
                            .extracting(m -> m.get("objectId").asString() + "/"
                                    + m.get("replay").asBoolean())
                            .containsExactlyInAnyOrder("ZTF26replayed/true", "ZTF26livenew/false"));
            await().atMost(SECONDS_20)
                    .untilAsserted(() -> assertThat(of(follower, shared))
                            .extracting(m -> m.get("objectId").asString())
                            .containsExactly("ZTF26livenew"));
        }
    }

    private double unreadable() {
        var counter = meters.find("fountain.live.relay.unreadable").counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<JsonNode> of(StompDashboard dashboard, Filter filter) {
        return dashboard.matches().stream()
                .filter(m -> m.get("filterId").asLong() == filter.id())
                .toList();
    }

    /** A private filter of the user's that no alert matches. */
    private Filter quietFilter(String owner, String name) {
        return filters.create(
                owner, new FilterDraft(name, "", "objectId == 'none'", "ztf", Visibility.PRIVATE, true, false));
    }

    private AlertMatches matches(String objectId, long... to) {
        long now = System.currentTimeMillis();
        return new AlertMatches(
                new AlertSummary(
                        "ztf",
                        ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
                        objectId,
                        61_000.5,
                        10,
                        20,
                        18.5,
                        "g",
                        SURVEY_TOPIC,
                        0,
                        0),
                now,
                to,
                false);
    }

    private double counted(String outcome) {
        var counter =
                meters.find("fountain.live.matches").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Until the live registry has taken each user's subscription (it arrives over the socket, after the call). */
    private void waitUntilSubscribed(String... users) {
        await().atMost(SECONDS_20)
                .until(() -> java.util.Arrays.stream(users).allMatch(u -> LiveSessionsProbe.watching(context, u)));
    }

    /**
     * A WebSocket client written by hand that connects, subscribes, and then reads nothing, with a small receive
     * buffer so that the server's writes to it soon block.
     */
    private Socket rawSubscriber(WebSession web) throws Exception {
        Map<String, String> csrf = web.pageCsrf("/dashboard");
        URI uri = URI.create(base());
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()));
        OutputStream out = socket.getOutputStream();
        String key = Base64.getEncoder().encodeToString(new byte[16]);
        out.write(("GET /ws HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Protocol: v12.stomp\r\nCookie: " + web.cookieHeader() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        String response = readUntil(in, "\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 101");
        Map.Entry<String, String> token = csrf.entrySet().iterator().next();
        sendText(
                out,
                "CONNECT\naccept-version:1.2\nheart-beat:0,0\n" + token.getKey() + ":" + token.getValue() + "\n\n\0");
        assertThat(readUntil(in, "\0")).contains("CONNECTED");
        sendText(out, "SUBSCRIBE\nid:sub-0\ndestination:/user/queue/matches\n\n\0");
        return socket;
    }

    private static void sendText(OutputStream out, String text) throws Exception {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        }
        byte[] mask = {1, 2, 3, 4};
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    private static String readUntil(InputStream in, String end) throws Exception {
        StringBuilder text = new StringBuilder();
        while (text.indexOf(end) < 0) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            text.append((char) b);
        }
        return text.toString();
    }

    /** Reads until the pattern shows up, the connection closes, or 20 s pass; returns the tail of what it read. */
    private static String drain(InputStream in, String pattern) {
        java.util.regex.Pattern wanted = java.util.regex.Pattern.compile(pattern);
        StringBuilder tail = new StringBuilder();
        byte[] buffer = new byte[65536];
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try {
            while (System.nanoTime() < until) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                tail.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                if (wanted.matcher(tail).find()) {
                    break;
                }
                if (tail.length() > 200_000) {
                    tail.delete(0, tail.length() - 100_000);
                }
            }
        } catch (java.io.IOException e) {
            tail.append(e);
        }
        return tail.toString();
    }
}
