package org.fountain.notifications;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Webhook receivers on a raw socket, each path ending an exchange its own way, so that nothing between the server and
 * the client buffers or bounds for the client: {@code /ok} (204), {@code /fail} (500 "boom"), {@code /endless-ok} and
 * {@code /endless-fail} (a chunked body that does not end), {@code /trickle} (a 500 whose body comes a byte every
 * 100 ms), {@code /silent} (no answer at all), {@code /redirect} (302 to {@code /landing}).
 */
final class RawEndpoints implements AutoCloseable {

    static final List<String> PATHS =
            List.of("/ok", "/fail", "/endless-ok", "/endless-fail", "/trickle", "/silent", "/redirect", "/landing");

    private final ServerSocket server;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> written = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> hungUp = new ConcurrentHashMap<>();

    RawEndpoints() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        for (String path : PATHS) {
            requests.put(path, new AtomicInteger());
            written.put(path, new AtomicLong());
            hungUp.put(path, new CountDownLatch(1));
        }
        Thread acceptor = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket socket = server.accept();
                            Thread answering = new Thread(() -> answer(socket), "raw-endpoint");
                            answering.setDaemon(true);
                            answering.start();
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "raw-endpoints");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Requests received on the path (their heads read). */
    int requests(String path) {
        return requests.get(path).get();
    }

    /** Bytes the server wrote on the path before the client went away. */
    long written(String path) {
        return written.get(path).get();
    }

    /** Counted down once a client of the path went away (or the answer ended). */
    CountDownLatch hungUp(String path) {
        return hungUp.get(path);
    }

    private void answer(Socket socket) {
        String path = "?";
        try (socket) {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line = in.readLine();
            path = line == null ? "?" : line.split(" ")[1];
            int length = 0;
            for (line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            in.skip(length);
            AtomicInteger count = requests.get(path);
            if (count == null) {
                return;
            }
            count.incrementAndGet();
            OutputStream out = socket.getOutputStream();
            AtomicLong bytes = written.get(path);
            switch (path) {
                case "/endless-ok", "/endless-fail" -> {
                    out.write(((path.equals("/endless-ok") ? "HTTP/1.1 200 OK" : "HTTP/1.1 500 Server Error")
                                    + "\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                    while (bytes.get() < 1L << 34) { // 16 GiB: no end, as far as the client can tell
                        out.write(chunk);
                        bytes.addAndGet(chunk.length);
                    }
                }
                case "/trickle" -> {
                    out.write("HTTP/1.1 500 Server Error\r\nContent-Length: 100000\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 100_000; i++) {
                        out.write('x');
                        out.flush();
                        bytes.incrementAndGet();
                        Thread.sleep(100);
                    }
                }
                case "/silent" -> {
                    while (socket.getInputStream().read() >= 0) {
                        bytes.addAndGet(0); // says nothing until the client hangs up
                    }
                }
                case "/fail" ->
                    out.write("HTTP/1.1 500 Server Error\r\nConnection: close\r\nContent-Length: 4\r\n\r\nboom"
                            .getBytes(StandardCharsets.US_ASCII));
                case "/redirect" ->
                    out.write(("HTTP/1.1 302 Found\r\nLocation: " + url("/landing")
                                    + "\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                default ->
                    out.write(
                            "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the client went away
        } finally {
            CountDownLatch latch = hungUp.get(path);
            if (latch != null) {
                latch.countDown();
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
