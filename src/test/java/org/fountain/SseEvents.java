package org.fountain;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/** A server-sent event stream read on a thread of its own: its events, its comments, and when it ended. */
final class SseEvents {

    record Event(String id, String data) {}

    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    /** Counted down when the server ended the stream (or the test closed it). */
    final CountDownLatch ended = new CountDownLatch(1);

    private SseEvents() {}

    static SseEvents read(InputStream body) {
        SseEvents stream = new SseEvents();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String id = null;
                StringBuilder data = new StringBuilder();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.startsWith(":")) {
                        stream.comments.add(line.substring(1).trim());
                    } else if (line.isEmpty() && id != null) {
                        stream.events.add(new Event(id, data.toString()));
                        id = null;
                        data.setLength(0);
                    }
                }
            } catch (java.io.IOException e) {
                // closed by the test
            } finally {
                stream.ended.countDown();
            }
        });
        reader.setDaemon(true);
        reader.start();
        return stream;
    }
}
