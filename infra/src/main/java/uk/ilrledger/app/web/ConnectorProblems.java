package uk.ilrledger.app.web;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.Container;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Errors Tomcat answers itself, before or without the application (a URL it cannot decode, a request
 * too large for the connector, a failure no error page took), as RFC 7807 problems like every other
 * error: Tomcat's own report is an HTML page naming the server's version and, for an exception, its
 * Java type and message. The body says only the status; the reason stays in the server's log.
 */
@Component
public class ConnectorProblems implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            Container parent = context.getParent();
            if (parent instanceof StandardHost host) {
                // The host adds a valve of this class at start only when it has none of it.
                host.getPipeline().addValve(new ProblemReportValve());
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    /** The problem body for a status, without any request-specific text. */
    static String problem(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = status == HttpStatus.BAD_REQUEST.value()
                ? "the request could not be read: its URL, headers or body are malformed"
                : status == HttpStatus.PAYLOAD_TOO_LARGE.value() ? "the request is larger than the server accepts"
                : status == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.value() ? "the request's headers are too large"
                : status == HttpStatus.URI_TOO_LONG.value() ? "the request's URL is too long"
                : status >= 500 ? "the server could not answer this request" : title.toLowerCase();
        return "{\"type\":\"urn:ilr-ledger:problem:" + (status >= 500 ? "server-error" : "bad-request")
                + "\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
    }

    /** Tomcat's error report, written as a problem. */
    public static class ProblemReportValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            try {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(problem(status));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The connection is gone or the response already committed: nothing more can be said.
            }
        }
    }
}
