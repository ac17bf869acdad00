package uk.ilrledger.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** A page that cannot be shown to this user, answered as a 404 so that other providers' learners stay unseen. */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class ScreenProblem extends RuntimeException {
    public ScreenProblem(String message) {
        super(message);
    }
}
