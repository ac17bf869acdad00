package uk.ilrledger.bench;

import static uk.ilrledger.bench.Stats.f;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import uk.ilrledger.projections.changequeue.ChangeQueueProjection;
import uk.ilrledger.projections.currentilr.CurrentIlrProjection;
import uk.ilrledger.projections.history.LearnerHistoryProjection;
import uk.ilrledger.projections.rebuild.ProjectionRebuilder;

/**
 * B7 screens: the time to answer the home, tracker queue, learner and R-return pages of the
 * provider, signed in through the sign-in form, over HTTP on the loopback (so close to server time),
 * each page's p99 against the 300 ms target. The ceiling is the API's JSON of the same learner and
 * return, so the ratio says what rendering the page adds to the read behind it.
 */
final class PageTimeBench {

    static final double TARGET_MS = 300;
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final Bench.Harness h;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;

    PageTimeBench(Bench.Harness harness) {
        this.h = harness;
        this.base = "http://127.0.0.1:" + harness.context.getEnvironment().getProperty("local.server.port");
    }

    Bench.Result run() throws Exception {
        // The bulk load writes the event log only; the pages also read these read models.
        ProjectionRebuilder rebuilder = h.context.getBean(ProjectionRebuilder.class);
        for (String name : List.of(CurrentIlrProjection.PROCESSING_GROUP, LearnerHistoryProjection.PROCESSING_GROUP,
                ChangeQueueProjection.PROCESSING_GROUP)) {
            long start = System.nanoTime();
            rebuilder.rebuild(name, progress -> { });
            h.out.printf("B7: %s rebuilt for the pages in %.1f s%n", name, (System.nanoTime() - start) / 1e9);
        }
        signIn();
        int count = Math.max(20, h.options.reads() / 10);
        SplittableRandom rnd = new SplittableRandom(h.options.seed());
        String provider = "/providers/" + Bench.Harness.PROVIDER;
        IntFunction<String> learner = n -> provider + "/learners/" + ProviderGenerator.learnRefNumber(n);
        Map<String, IntFunction<String>> pages = new LinkedHashMap<>();
        pages.put("home", n -> "/");
        pages.put("queue", n -> "/queue?status=RAISED");
        pages.put("learner", learner);
        pages.put("return", n -> provider + "/returns/2526/R07");
        Map<String, double[]> times = new LinkedHashMap<>();
        for (Map.Entry<String, IntFunction<String>> page : pages.entrySet()) {
            int reads = page.getKey().equals("return") ? Math.max(5, count / 10) : count;
            times.put(page.getKey(), time(reads, () -> page.getValue().apply(rnd.nextInt(1, h.options.learners() + 1)),
                    null));
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString(("auditor:" + Bench.DEMO_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        double[] apiLearner = time(count, () -> "/api" + learner.apply(rnd.nextInt(1, h.options.learners() + 1)), basic);
        double[] apiReturn = time(Math.max(5, count / 10), () -> "/api" + provider + "/returns/2526/R07", basic);

        List<String> figures = new ArrayList<>();
        boolean met = true;
        for (Map.Entry<String, double[]> page : times.entrySet()) {
            double p50 = Stats.percentile(page.getValue(), 50);
            double p99 = Stats.percentile(page.getValue(), 99);
            met &= p99 <= TARGET_MS;
            figures.add(f("%s p50 %.0f / p99 %.0f ms", page.getKey(), p50, p99));
            h.out.printf("B7 system: %s page, %,d reads, p50 %.1f ms, p99 %.1f ms%n", page.getKey(),
                    page.getValue().length, p50, p99);
        }
        double learnerCeiling = Stats.percentile(apiLearner, 99);
        double returnCeiling = Stats.percentile(apiReturn, 99);
        h.out.printf("B7 ceiling: API learner p99 %.1f ms, API return p99 %.1f ms%n", learnerCeiling, returnCeiling);
        double ratio = Stats.percentile(times.get("learner"), 99) / learnerCeiling;
        return new Bench.Result("B7", "screens: page time (home, queue, learner, return)", String.join("; ", figures),
                f("API learner p99 %.0f ms, API return p99 %.0f ms", learnerCeiling, returnCeiling), ratio,
                "every page p99 ≤ 300 ms", met,
                f("signed-in pages over loopback HTTP at %,d learners; ratio is the learner page's p99 over the API's",
                        h.options.learners()));
    }

    private void signIn() throws IOException, InterruptedException {
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/sign-in")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = CSRF.matcher(form.body());
        if (!token.find()) {
            throw new IllegalStateException("the sign-in page has no CSRF token");
        }
        String body = "username=auditor&password=" + URLEncoder.encode(Bench.DEMO_PASSWORD, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(base + "/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        String location = signedIn.headers().firstValue("Location").orElse("");
        if (signedIn.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("sign-in failed: " + signedIn.statusCode() + " " + location);
        }
    }

    /** Milliseconds per GET; the first few are a warm-up and not counted. */
    private double[] time(int count, java.util.function.Supplier<String> path, String authorization)
            throws IOException, InterruptedException {
        int warmUp = Math.min(5, count);
        double[] times = new double[count];
        for (int i = -warmUp; i < count; i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path.get()));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            long t = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            double ms = (System.nanoTime() - t) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + response.uri() + " answered " + response.statusCode());
            }
            if (i >= 0) {
                times[i] = ms;
            }
        }
        return times;
    }
}
