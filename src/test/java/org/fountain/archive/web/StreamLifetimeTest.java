package org.fountain.archive.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fountain.FountainIntegrationTest;
import org.fountain.accounts.Accounts;
import org.fountain.accounts.ApiToken;
import org.fountain.accounts.ApiTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A match stream ends after its lifetime (an hour; here two seconds), saying how to resume. */
class StreamLifetimeTest extends FountainIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    ApiTokens tokens;

    @Autowired
    MatchStreams streams;

    @Test
    void aStreamEndsAfterItsLifetimeSayingHowToResume() throws Exception {
        accounts.register("life-lina", "lina-password-1");
        String token =
                tokens.create("life-lina", "stream", ApiToken.Scope.READ, 1).secret();
        streams.lifetime(Duration.ofSeconds(2));
        try {
            long start = System.nanoTime();
            HttpResponse<InputStream> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/matches/stream"))
                                    .header("Authorization", "Bearer " + token)
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            List<String> lines = new ArrayList<>();
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            assertThat(lines).anyMatch(l -> l.contains("reconnect with Last-Event-ID"));
        } finally {
            streams.lifetime(MatchStreams.LIFETIME);
        }
    }
}
