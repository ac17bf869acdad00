package uk.ilrledger.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sign-in page; Spring Security checks the form it posts. After too many failed sign-ins the
 * throttle sends the form back here with {@code retry-after} (seconds), which the page puts in words.
 */
@Controller
class SignInController {

    @GetMapping("/sign-in")
    String signIn(@RequestParam(name = "retry-after", required = false) String retryAfter, Model model) {
        if (retryAfter != null && retryAfter.matches("\\d{1,9}")) {
            model.addAttribute("retryAfter", inWords(Long.parseLong(retryAfter)));
        }
        return "sign-in";
    }

    /** "45 seconds", "1 minute", "10 minutes": whole minutes rounded up from a minute on. */
    static String inWords(long seconds) {
        if (seconds < 60) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        long minutes = (seconds + 59) / 60;
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }
}
