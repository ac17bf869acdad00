package uk.ilrledger.app.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP/1.1 over a plain socket, byte for byte as written: a URL Tomcat cannot decode, oversized
 * headers and a body streamed as it is generated all reach the server exactly as a hostile client
 * would send them, which a client library would refuse or tidy up first.
 */
final class RawHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final String password;

    RawHttp(int port, String password) {
        this.port = port;
        this.password = password;
    }

    /** What came back: status, headers (names in lower case) and body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("the body is not JSON: " + text(), e);
            }
        }

        @Override
        public String toString() {
            return status + " " + contentType() + " " + text();
        }
    }

    /** The body, written into the request as the server reads it. */
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** The head of a request: request line, Host, credentials of {@code user} (none when null), and the extra headers. */
    byte[] head(String method, String target, String user, Map<String, String> headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: localhost:").append(port).append("\r\n");
        if (user != null) {
            head.append("Authorization: Basic ").append(Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    Answer send(String method, String target, String user, Map<String, String> headers, byte[] body) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putIfAbsent("Connection", "close");
        if (body != null) {
            all.putIfAbsent("Content-Length", Integer.toString(body.length));
        }
        return exchange(head(method, target, user, all), out -> {
            if (body != null) {
                out.write(body);
            }
        }, new AtomicLong());
    }

    /**
     * Writes the head and streams the body while reading the answer on this thread, so an answer the
     * server gives before the body ends is read as soon as it comes; {@code written} counts the body
     * bytes the server let through before it answered and closed.
     */
    Answer exchange(byte[] head, Body body, AtomicLong written) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            // A safety net against a server that never answers, not a measure of anything.
            socket.setSoTimeout(600_000);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            Thread writer = new Thread(() -> {
                try {
                    body.writeTo(new CountingStream(out, written));
                    out.flush();
                } catch (IOException closedByServer) {
                    // The server answered and closed while the body was still being sent.
                }
            }, "raw-http-body");
            writer.setDaemon(true);
            writer.start();
            Answer answer = read(socket.getInputStream());
            socket.close();
            writer.join(120_000);
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("the server closed the connection without answering");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line; (line = line(in)) != null && !line.isEmpty(); ) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size; (size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) > 0; ) {
                body.write(in.readNBytes(size));
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else {
            body.write(in.readAllBytes());
        }
        return new Answer(status, headers, body.toByteArray());
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1; ) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static final class CountingStream extends OutputStream {
        private final OutputStream out;
        private final AtomicLong written;

        CountingStream(OutputStream out, AtomicLong written) {
            this.out = out;
            this.written = written;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            written.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            written.addAndGet(len);
        }
    }
}
