package uk.ilrledger.app;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The ILR Ledger service. With no arguments it serves the API; see {@link #main} for commands. */
@SpringBootApplication(scanBasePackages = "uk.ilrledger")
public class IlrLedgerApplication {

    public static void main(String[] args) {
        if (args.length > 0 && !args[0].startsWith("--")) {
            // The command line (import, export, replay, verify) is documented in api.md and not built yet.
            System.err.println("ilr-ledger: unknown command '" + args[0]
                    + "'. Run with no command to start the service.");
            System.exit(2);
        }
        SpringApplication.run(IlrLedgerApplication.class, args);
    }

    /** The one clock: every "today" and "now" in the service comes from here. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
