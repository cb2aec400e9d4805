package org.fountain.alerts.format;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.fountain.alerts.UndecodableAlertException;
import org.fountain.alerts.UndecodableReason;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Confluent-compatible schema registry over HTTP ({@code GET /schemas/ids/{id}}). It asks on every call: the
 * {@link StreamDecoder} keeps one reader per schema id, so the registry is asked once per id. After a failed call the
 * registry is treated as unreachable for a few seconds, so an outage costs one timeout, not one per message.
 */
final class SchemaRegistry implements SchemaSource {

    private static final Duration QUIET_AFTER_FAILURE = Duration.ofSeconds(5);

    private final String baseUrl;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile long unreachableUntil;
    private volatile @Nullable String lastFailure;

    SchemaRegistry(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public Schema schemaFor(int id) throws UndecodableAlertException {
        if (System.nanoTime() < unreachableUntil) {
            throw UndecodableAlertException.because(
                    UndecodableReason.REGISTRY_UNREACHABLE,
                    "schema registry " + baseUrl + " unreachable: " + lastFailure);
        }
        return fetch(id);
    }

    private Schema fetch(int id) throws UndecodableAlertException {
        HttpResponse<String> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/schemas/ids/" + id))
                    .timeout(Duration.ofSeconds(5))
                    .header("Accept", "application/vnd.schemaregistry.v1+json, application/json")
                    .GET()
                    .build();
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | IllegalArgumentException e) {
            return unreachable(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unreachable("interrupted");
        }
        if (response.statusCode() == 404) {
            throw UndecodableAlertException.because(
                    UndecodableReason.UNKNOWN_SCHEMA_ID, "schema registry " + baseUrl + " has no schema " + id);
        }
        if (response.statusCode() != 200) {
            return unreachable("HTTP " + response.statusCode());
        }
        try {
            JsonNode body = json.readTree(response.body());
            JsonNode text = body.get("schema");
            if (text == null || !text.isString()) {
                throw UndecodableAlertException.because(
                        UndecodableReason.BAD_SCHEMA, "registry answer for " + id + " has no schema");
            }
            if (body.has("schemaType") && !"AVRO".equals(body.get("schemaType").asString())) {
                throw UndecodableAlertException.because(
                        UndecodableReason.BAD_SCHEMA,
                        "schema " + id + " is " + body.get("schemaType").asString() + ", not Avro");
            }
            return new Schema.Parser().setValidateDefaults(false).parse(text.asString());
        } catch (JacksonException e) {
            return unreachable("unreadable answer: " + e.getOriginalMessage());
        } catch (SchemaParseException e) {
            throw UndecodableAlertException.because(
                    UndecodableReason.BAD_SCHEMA, "schema " + id + ": " + e.getMessage(), e);
        }
    }

    private Schema unreachable(String why) throws UndecodableAlertException {
        lastFailure = why;
        unreachableUntil = System.nanoTime() + QUIET_AFTER_FAILURE.toNanos();
        throw UndecodableAlertException.because(
                UndecodableReason.REGISTRY_UNREACHABLE, "schema registry " + baseUrl + " unreachable: " + why);
    }
}
