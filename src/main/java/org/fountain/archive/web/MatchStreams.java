package org.fountain.archive.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.fountain.accounts.Credential;
import org.fountain.accounts.Credentials;
import org.fountain.archive.ArchivedMatch;
import org.fountain.archive.MatchHistory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open match streams ({@code GET /api/matches/stream}): every second each is sent, oldest first, the matches of
 * its user's filters made after the last one it was sent, read from the archive, each event's id its cursor, so a
 * client that reconnects with {@code Last-Event-ID} resumes exactly where it left off. A match is sent once it is
 * {@code SETTLE} old: by then the archive, which gathers matches for up to a second, holds every match made before
 * it, so none is passed by. A comment line every 15 s keeps proxies from closing an idle stream. At most {@code
 * PER_USER} streams per user and {@code TOTAL} on an instance. Every {@code CHECK} a stream's credential is checked
 * again: once the token is revoked or expired, the session signed out or ended, the account disabled or its password
 * or role changed, the stream ends (its slot freed). After {@code LIFETIME} a stream ends anyway, and the client
 * resumes with {@code Last-Event-ID}, signing in again as it does.
 */
@Component
public class MatchStreams implements SmartLifecycle {

    static final int PER_USER = 4;
    static final int TOTAL = 500;
    static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    static final Duration CHECK = Duration.ofSeconds(5);
    static final Duration LIFETIME = Duration.ofHours(1);
    /** {@link #LIFETIME}, shorter in a test that waits for a stream's end. */
    private volatile Duration lifetime = LIFETIME;

    private static final int PAGE = 500;

    private static final Logger log = LoggerFactory.getLogger(MatchStreams.class);

    private final MatchHistory history;
    private final Credentials credentials;
    private final Clock clock = Clock.systemUTC();
    private final List<Stream> open = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
    private @Nullable ScheduledExecutorService poller;

    MatchStreams(MatchHistory history, Credentials credentials) {
        this.history = history;
        this.credentials = credentials;
    }

    private final class Stream {
        final String user;
        final Credential credential;
        final @Nullable Long filter;
        final SseEmitter emitter;
        final Instant opened;
        String cursor;
        Instant lastSent;
        Instant lastChecked;

        Stream(Credential credential, @Nullable Long filter, SseEmitter emitter, String cursor) {
            this.user = credential.username();
            this.credential = credential;
            this.filter = filter;
            this.emitter = emitter;
            this.cursor = cursor;
            this.opened = clock.instant();
            this.lastSent = opened;
            this.lastChecked = opened;
        }
    }

    /** Too many streams open for this user or this instance. */
    static final class TooManyStreams extends RuntimeException {
        TooManyStreams(String message) {
            super(message);
        }
    }

    /**
     * Opens a stream of the matches (of one filter, or all) of the user a credential signed in, after {@code from} (a
     * cursor), or from now; it lasts as long as the credential holds.
     *
     * @throws TooManyStreams past the caps
     * @throws IllegalArgumentException when {@code from} is not a cursor, or the filter not the user's
     */
    SseEmitter open(Credential credential, @Nullable Long filter, @Nullable String from) {
        String user = credential.username();
        if (from != null) {
            MatchHistory.timeOf(from); // a cursor, or refused now
        }
        // the filter is checked now, so that a stranger's is refused with 404 before the stream starts
        history.page(user, new MatchHistory.Query(filter, null, null, null, null, null, null, 1));
        if (open.size() >= TOTAL) {
            throw new TooManyStreams("This instance has " + TOTAL + " match streams open: try again later");
        }
        int mine = perUser.merge(user, 1, Integer::sum);
        if (mine > PER_USER) {
            perUser.merge(user, -1, Integer::sum);
            throw new TooManyStreams("At most " + PER_USER + " match streams per user: close one first");
        }
        SseEmitter emitter = new SseEmitter(0L);
        Stream stream = new Stream(
                credential,
                filter,
                emitter,
                from != null ? from : MatchHistory.cursorAt(clock.instant().minus(SETTLE)));
        Runnable closed = () -> close(stream);
        emitter.onCompletion(closed);
        emitter.onTimeout(closed);
        emitter.onError(e -> closed.run());
        open.add(stream);
        try {
            // at once, so that the client has the answer's headers now, not with the first match or heart-beat
            emitter.send(SseEmitter.event().comment("open"));
        } catch (IOException e) {
            close(stream);
            emitter.completeWithError(e);
        }
        return emitter;
    }

    private void close(Stream stream) {
        if (open.remove(stream)) {
            perUser.computeIfPresent(stream.user, (u, n) -> n <= 1 ? null : n - 1);
        }
    }

    void poll() {
        Instant now = clock.instant();
        Instant settled = now.minus(SETTLE);
        for (Stream stream : open) {
            try {
                String end = ending(stream, now);
                if (end != null) {
                    stream.emitter.send(SseEmitter.event().comment(end));
                    stream.emitter.complete();
                    close(stream);
                    continue;
                }
                send(stream, settled, now);
            } catch (IOException | IllegalStateException e) {
                stream.emitter.completeWithError(e);
                close(stream);
            } catch (RuntimeException e) {
                log.warn("A match stream of {} failed: {}", stream.user, e.toString());
                stream.emitter.completeWithError(e);
                close(stream);
            }
        }
    }

    void lifetime(Duration lifetime) {
        this.lifetime = lifetime;
    }

    /** Why the stream ends now, or null while it goes on. */
    private @Nullable String ending(Stream stream, Instant now) {
        if (Duration.between(stream.opened, now).compareTo(lifetime) >= 0) {
            return "this stream has lasted an hour: reconnect with Last-Event-ID to resume";
        }
        if (Duration.between(stream.lastChecked, now).compareTo(CHECK) < 0) {
            return null;
        }
        stream.lastChecked = now;
        if (credentials.holds(stream.credential)) {
            credentials.keepAlive(stream.credential); // an open stream keeps its session from timing out
            return null;
        }
        return "signed out: the token was revoked or expired, the session ended, or the account changed";
    }

    private void send(Stream stream, Instant settled, Instant now) throws IOException {
        for (int pages = 0; pages < 20; pages++) {
            MatchHistory.Page page = history.page(
                    stream.user,
                    new MatchHistory.Query(stream.filter, null, stream.cursor, null, null, null, null, PAGE));
            int sent = 0;
            for (ArchivedMatch match : page.matches()) {
                if (MatchHistory.timeOf(match.cursor()).isAfter(settled)) {
                    break; // not settled yet: next time
                }
                stream.emitter.send(SseEmitter.event()
                        .id(match.cursor())
                        .name("match")
                        .data(match.match(), MediaType.APPLICATION_JSON));
                stream.cursor = match.cursor();
                stream.lastSent = now;
                sent++;
            }
            if (sent < PAGE) {
                break;
            }
        }
        if (Duration.between(stream.lastSent, now).compareTo(HEARTBEAT) >= 0) {
            stream.emitter.send(SseEmitter.event().comment("still here"));
            stream.lastSent = now;
        }
    }

    @Override
    public void start() {
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "match-streams");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(
                () -> {
                    try {
                        poll();
                    } catch (RuntimeException e) {
                        log.warn("Match streams: {}", e.toString());
                    }
                },
                1,
                1,
                TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
        open.forEach(s -> s.emitter.complete());
        open.clear();
        perUser.clear();
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }
}
