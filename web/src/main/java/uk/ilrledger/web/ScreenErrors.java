package uk.ilrledger.web;

import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.commandhandling.CommandExecutionException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import uk.ilrledger.projections.processors.ProcessorsBehind;
import uk.ilrledger.query.returns.ReturnsInBackground;
import uk.ilrledger.schemas.problems.DomainProblem;

/** Errors on a screen become a page saying what went wrong, in the layout of every other page. */
@ControllerAdvice(basePackageClasses = ScreenErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ScreenErrors {

    @ExceptionHandler(DomainProblem.class)
    String problem(DomainProblem problem, Model model, HttpServletResponse response) {
        int status = switch (problem.kind()) {
            case NOT_FOUND -> 404;
            case FORBIDDEN -> 403;
            case CONFLICT -> 409;
            default -> 400;
        };
        return page(model, response, status, problem.getMessage(), problem.field(), problem.ruleId());
    }

    @ExceptionHandler(CommandExecutionException.class)
    String command(CommandExecutionException failure, Model model, HttpServletResponse response) {
        DomainProblem problem = DomainProblems.cause(failure).orElseThrow(() -> failure);
        return problem(problem, model, response);
    }

    @ExceptionHandler(ScreenProblem.class)
    String notFound(ScreenProblem problem, Model model, HttpServletResponse response) {
        return page(model, response, 404, problem.getMessage(), null, null);
    }

    @ExceptionHandler(ProcessorsBehind.class)
    String behind(ProcessorsBehind behind, Model model, HttpServletResponse response) {
        response.setHeader("Retry-After", Long.toString(behind.retryAfter().toSeconds()));
        return page(model, response, 503, "The ledger's read models are catching up; try again in "
                + behind.retryAfter().toSeconds() + " seconds.", null, null);
    }

    @ExceptionHandler(ReturnsInBackground.Busy.class)
    String busy(ReturnsInBackground.Busy busy, Model model, HttpServletResponse response) {
        response.setHeader("Retry-After", "5");
        return page(model, response, 503, busy.getMessage(), null, null);
    }

    private static String page(Model model, HttpServletResponse response, int status, String message, String field,
            String ruleId) {
        response.setStatus(status);
        model.addAttribute("status", status);
        model.addAttribute("message", message);
        model.addAttribute("field", field);
        model.addAttribute("ruleId", ruleId);
        return "problem";
    }
}
