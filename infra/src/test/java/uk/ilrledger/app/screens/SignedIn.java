package uk.ilrledger.app.screens;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The screens over plain HTTP, as a browser without JavaScript uses them: its own cookie jar, the
 * sign-in form posted with its CSRF token, redirects not followed so each answer can be checked.
 */
public final class SignedIn {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern ROW = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("<[^>]+>");

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public SignedIn(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** Posts the sign-in form from {@code address} (as a proxy names it); answers the form's answer. */
    public HttpResponse<String> signIn(String user, String password, String address) throws IOException, InterruptedException {
        Matcher token = CSRF.matcher(get("/sign-in").body());
        if (!token.find()) {
            throw new IllegalStateException("the sign-in page has no CSRF token");
        }
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (address != null) {
            request.header("X-Forwarded-For", address);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public void signIn(String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> answer = signIn(user, password, null);
        String location = answer.headers().firstValue("Location").orElse("");
        if (answer.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("sign-in failed: " + answer.statusCode() + " " + location);
        }
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A page that must answer 200. A return page saying its return is being prepared (202), or that the
     * comparison it was asked for is, is asked for again, as its Refresh link does, for up to a minute.
     */
    public String page(String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = get(path);
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (preparing(answer) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            answer = get(path);
        }
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + answer.statusCode());
        }
        return answer.body();
    }

    /** The return screen's answer while its return, or the other side of its diff, is built in the background. */
    static boolean preparing(HttpResponse<String> answer) {
        return answer.statusCode() == 202 && answer.body().contains("id=\"return-preparing\"")
                || answer.statusCode() == 200 && answer.body().contains("id=\"diff-poll\"");
    }

    /** The text of each data cell ({@code td}) of each table row of {@code html} whose text mentions {@code text}. */
    static List<List<String>> rows(String html, String text) {
        List<List<String>> rows = new ArrayList<>();
        Matcher row = ROW.matcher(html);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = CELL.matcher(row.group(1));
            while (cell.find()) {
                cells.add(TAG.matcher(cell.group(1)).replaceAll("").strip());
            }
            if (TAG.matcher(row.group(1)).replaceAll("").contains(text)) {
                rows.add(cells);
            }
        }
        return rows;
    }

    /** The text of the element with this id (tags dropped). */
    static String byId(String html, String id) {
        Matcher element = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>(.*?)</", Pattern.DOTALL).matcher(html);
        return element.find() ? TAG.matcher(element.group(1)).replaceAll("").strip() : null;
    }
}
