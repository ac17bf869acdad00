package uk.ilrledger.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.CommandExecutionException;
import org.springframework.context.ConfigurableApplicationContext;
import uk.ilrledger.command.imports.IlrImports;
import uk.ilrledger.command.imports.IlrImports.FileTooLarge;
import uk.ilrledger.command.imports.IlrImports.ImportRequest;
import uk.ilrledger.command.imports.IlrImports.ImportResult;
import uk.ilrledger.command.imports.IlrImports.InvalidIlrFile;
import uk.ilrledger.command.imports.ImportFinding;
import uk.ilrledger.command.imports.IlrImports.LearnerChanges;
import uk.ilrledger.command.imports.IlrImports.MissingAim;
import uk.ilrledger.command.imports.IlrImports.NotRaised;
import uk.ilrledger.command.imports.IlrImports.RaisedChange;
import uk.ilrledger.schemas.ilr.xml.IlrFileValidation.Problem;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.FreeText;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * {@code import FILE.xml --ukprn U [--import-id ID] [--force-reason TEXT]}: imports the file as the
 * API's import does, by the user running the command. No second person is at hand, so the command
 * only stages: known learners' differences are raised as changes, and the new learners wait for the
 * approval it prints, made through the API by an APPROVER or ADMIN (decision 22). Exit 0 when
 * imported, 2 when the file or the arguments are refused (every problem listed with line and
 * column; nothing imported), 1 when recording failed (nothing imported; run it again).
 */
public final class ImportCommand {

    static final String USAGE = """
            usage: java -jar ilr-ledger.jar import FILE.xml --ukprn U [--import-id UUID] [--force-reason TEXT]
              imports an ILR XML file (2025-26 or 2026-27); the file's SHA-256 is the evidence. Known learners'
              differences are raised as changes; new learners are registered once a second person approves
              the import through the API (POST /api/providers/{ukprn}/imports/{importId}/approval)
              --import-id      repeats an import safely; default a new id
              --force-reason   imports a file not later than one already imported, saying why""";

    private ImportCommand() {
    }

    private record Arguments(Path file, Ukprn ukprn, UUID importId, String forceReason, List<String> springArguments) {
    }

    public static int run(List<String> options, PrintStream out, PrintStream err) {
        Arguments arguments;
        try {
            arguments = parse(options);
        } catch (IllegalArgumentException | DomainProblem e) {
            err.println("ilr-ledger import: " + e.getMessage());
            return 2;
        }
        UUID importId = arguments.importId() != null ? arguments.importId() : UUID.randomUUID();
        try (ConfigurableApplicationContext context = CommandLine.store(arguments.springArguments())) {
            out.printf("importing %s for UKPRN %s (import id %s)%n", arguments.file(), arguments.ukprn(), importId);
            ImportResult result = context.getBean(IlrImports.class).importFile(
                    new ImportRequest(arguments.ukprn(), arguments.file(), arguments.file().getFileName().toString(),
                            importId, "command line (" + System.getProperty("user.name") + ")",
                            arguments.forceReason()),
                    new IlrImports.Progress() {
                        @Override
                        public void checked(int learners) {
                            out.printf("%d learners checked%n", learners);
                        }

                        @Override
                        public void recorded(int learners, int of) {
                            out.printf("%d of %d learners recorded%n", learners, of);
                        }
                    });
            report(result, out);
            return 0;
        } catch (InvalidIlrFile e) {
            err.printf("ilr-ledger import: %s is not an ILR file the ledger can import; nothing was imported. "
                    + "%d problem%s:%n", arguments.file(), e.problemCount(), e.problemCount() == 1 ? "" : "s");
            for (Problem problem : e.problems()) {
                err.println("  " + InvalidIlrFile.describe(problem));
            }
            if (e.problemCount() > e.problems().size()) {
                err.printf("  … and %d more%n", e.problemCount() - e.problems().size());
            }
            return 2;
        } catch (FileTooLarge | DomainProblem e) {
            err.println("ilr-ledger import: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("ilr-ledger import: the file could not be read: " + e);
            return 2;
        } catch (CommandExecutionException | IllegalStateException e) {
            // The learners are recorded in one transaction: a failure leaves nothing to carry on from.
            err.println("ilr-ledger import: recording stopped, nothing was imported: " + e.getMessage()
                    + "\n  run the same command again (--import-id " + importId + " may be reused)");
            return 1;
        }
    }

    private static void report(ImportResult result, PrintStream out) {
        out.printf("imported %s (SHA-256 %s, %d bytes, year %s): %d learners, %d new, %d differing, "
                        + "%d unchanged; %d changes raised, %d not raised%n", result.fileName(), result.fileSha256(),
                result.fileSize(), result.year(), result.learners(), result.newLearners(), result.changed(),
                result.unchanged(), result.changesRaised(), result.notRaised());
        for (LearnerChanges learner : result.changes()) {
            for (RaisedChange change : learner.raised()) {
                out.printf("  learner %s (line %d): %s raised as change %s, awaiting a second person's approval%n",
                        learner.learnRefNumber(), learner.line(), change.type(), change.changeId());
            }
            for (NotRaised refused : learner.notRaised()) {
                out.printf("  learner %s (line %d): %s not raised, %s: %s%n", learner.learnRefNumber(), learner.line(),
                        refused.type(), refused.ruleId() == null ? refused.field() : refused.ruleId(), refused.message());
            }
        }
        if (result.status() == IlrImports.Status.AWAITING_APPROVAL) {
            out.printf("the %d new learners are registered once a second person (APPROVER or ADMIN) approves the "
                    + "import:%n  POST /api/providers/{ukprn}/imports/%s/approval%n", result.newLearners(),
                    result.importId());
        }
        if (!result.missingAims().isEmpty()) {
            out.printf("%d aims the ledger holds are not in the file; they are kept as they are:%n",
                    result.missingAims().size());
            for (MissingAim aim : result.missingAims()) {
                out.printf("  learner %s aim %s (%s, SWSupAimId %s)%n", aim.learnRefNumber(), aim.aimSeqNumber(),
                        aim.learnAimRef(), aim.swSupAimId());
            }
        }
        if (!result.elementsNotHeld().isEmpty()) {
            out.println("elements the ledger does not hold were not imported: " + result.elementsNotHeld());
        }
        if (result.findingCount() > 0) {
            out.printf("%d findings against the DfE's rules (the learners are recorded as the file gives them):%n",
                    result.findingCount());
            for (ImportFinding finding : result.findings()) {
                out.printf("  line %d: %s %s %s.%s%s: %s%n", finding.line(), finding.severity(), finding.ruleId(),
                        finding.entity(), finding.field(),
                        finding.aimSeqNumber() == null ? "" : " (aim " + finding.aimSeqNumber() + ")", finding.message());
            }
            if (result.findingCount() > result.findings().size()) {
                out.printf("  … and %d more; each learner's are at /api/providers/{ukprn}/learners/{ref}/findings%n",
                        result.findingCount() - result.findings().size());
            }
        }
    }

    private static Arguments parse(List<String> options) {
        CommandOptions parsed = CommandOptions.parse(options, Set.of("--ukprn", "--import-id", "--force-reason"),
                Set.of(), 1, USAGE);
        if (parsed.argument(0) == null || parsed.value("--ukprn") == null) {
            throw parsed.refused("FILE.xml and --ukprn are required");
        }
        Path file = Path.of(parsed.argument(0)).toAbsolutePath().normalize();
        UUID importId = parsed.value("--import-id", UUID::fromString, "a UUID");
        String forceReason = parsed.value("--force-reason") == null ? null : reason(parsed.value("--force-reason"));
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(file + " is not a file this user can read");
        }
        return new Arguments(file, Ukprn.parse(parsed.value("--ukprn")), importId, forceReason, parsed.settings());
    }

    private static String reason(String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("--force-reason needs a reason");
        }
        return FreeText.check("--force-reason", value, 4000);
    }
}
