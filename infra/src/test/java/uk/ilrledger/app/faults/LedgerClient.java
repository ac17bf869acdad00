package uk.ilrledger.app.faults;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/** The HTTP API over the loopback, as a provider's client calls it: a user, a method, a path and JSON. */
final class LedgerClient {

    static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private final LedgerService service;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    LedgerClient(LedgerService service) {
        this.service = service;
    }

    HttpClient http() {
        return http;
    }

    /** One answer: its status, its body as JSON (null when it is not JSON) and its headers. */
    record Answer(int status, String contentType, Optional<String> retryAfter, String text) {

        static Answer of(HttpResponse<String> response) {
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Retry-After"), response.body());
        }

        JsonNode body() {
            try {
                return JSON.readTree(text);
            } catch (JsonProcessingException e) {
                return null;
            }
        }

        String at(String pointer) {
            JsonNode body = body();
            return body == null ? null : body.at(pointer).asText();
        }

        boolean isProblem() {
            return contentType.startsWith("application/problem+json") && body() != null
                    && body().hasNonNull("type") && body().hasNonNull("status");
        }
    }

    Answer get(String user, String path) throws IOException, InterruptedException {
        return Answer.of(http.send(request(user, path).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    Answer post(String user, String path, Object body) throws IOException, InterruptedException {
        return Answer.of(http.send(request(user, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    /** Uploads {@code content} as the evidence form's {@code file} part. */
    Answer upload(String user, String fileName, byte[] content) throws IOException, InterruptedException {
        String boundary = "fault-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream(content.length + 512);
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return Answer.of(http.send(request(user, "/api/evidence")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private HttpRequest.Builder request(String user, String path) {
        return HttpRequest.newBuilder(service.uri(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + LedgerService.PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
}
