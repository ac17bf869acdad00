package uk.ilrledger.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

/** The HTTP API as a client sees it: a user, a method, a path and JSON. */
public final class Api {

    private final TestRestTemplate rest;
    private final ObjectMapper json;

    private final String password;

    public Api(TestRestTemplate rest, ObjectMapper json) {
        this(rest, json, IntegrationTest.PASSWORD);
    }

    private Api(TestRestTemplate rest, ObjectMapper json, String password) {
        this.rest = rest;
        this.json = json;
        this.password = password;
    }

    /** The same client sending another password, for wrong or unknown credentials. */
    public Api withPassword(String otherPassword) {
        return new Api(rest, json, otherPassword);
    }

    public record Answer(int status, JsonNode body, HttpHeaders headers) {
        public String text(String pointer) {
            return body.at(pointer).asText();
        }
    }

    public Answer get(String user, String path) {
        return exchange(user, HttpMethod.GET, path, null);
    }

    public Answer post(String user, String path, Object body) {
        return exchange(user, HttpMethod.POST, path, body);
    }

    /** Posts a raw string body, for malformed JSON. */
    public Answer postRaw(String user, String path, String body) {
        return exchange(user, HttpMethod.POST, path, body);
    }

    /** Posts a file as the raw body, with its media type: an ILR XML file to import. */
    public Answer postFile(String user, String path, byte[] content, MediaType type) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(type);
        return send(user, HttpMethod.POST, path, new HttpEntity<>(content, headers));
    }

    /** A file as downloaded: its bytes and the name Content-Disposition gives it. */
    public record Download(int status, byte[] bytes, String fileName) {
        public String sha256() {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** GETs a file (an ILR XML export) as bytes. */
    public Download download(String user, String path) {
        ResponseEntity<byte[]> response = rest.withBasicAuth(user, password).exchange(path, HttpMethod.GET, null,
                byte[].class);
        return new Download(response.getStatusCode().value(), response.getBody(),
                response.getHeaders().getContentDisposition().getFilename());
    }

    public Answer upload(String user, String fileName, byte[] content) {
        LinkedMultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return fileName;
            }
        });
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return send(user, HttpMethod.POST, "/api/evidence", new HttpEntity<>(form, headers));
    }

    private Answer exchange(String user, HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        Object payload = body;
        if (body != null && !(body instanceof String)) {
            payload = write(body);
        }
        return send(user, method, path, new HttpEntity<>(payload, headers));
    }

    private Answer send(String user, HttpMethod method, String path, HttpEntity<?> entity) {
        TestRestTemplate client = user == null ? rest : rest.withBasicAuth(user, password);
        ResponseEntity<String> response = client.exchange(path, method, entity, String.class);
        return new Answer(response.getStatusCode().value(), read(response.getBody()), response.getHeaders());
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private JsonNode read(String body) {
        try {
            return body == null || body.isEmpty() ? json.nullNode() : json.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }
}
