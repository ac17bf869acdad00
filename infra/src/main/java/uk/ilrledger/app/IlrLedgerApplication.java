package uk.ilrledger.app;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The ILR Ledger service. With no arguments it serves the API; with a command it runs {@link CommandLine}. */
@SpringBootApplication(scanBasePackages = "uk.ilrledger")
public class IlrLedgerApplication {

    public static void main(String[] args) {
        if (args.length > 0 && !args[0].startsWith("--")) {
            System.exit(CommandLine.run(args, System.out, System.err));
        }
        SpringApplication.run(IlrLedgerApplication.class, args);
    }

    /** The one clock: every "today" and "now" in the service comes from here. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
