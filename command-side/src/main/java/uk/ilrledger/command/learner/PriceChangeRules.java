package uk.ilrledger.command.learner;

import static uk.ilrledger.command.learner.RuleChecks.*;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.CONFLICT;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.INVALID;

import java.time.LocalDate;
import java.util.List;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Optional;
import uk.ilrledger.schemas.ilr.AppFinRecord;
import uk.ilrledger.schemas.learner.ChangeProposal.PriceChange;
import uk.ilrledger.schemas.learner.PriceChanged;

/**
 * A price agreed after the start: new TNP records dated from when it applies (AFinDate), the earlier
 * ones kept, so every return shows what was agreed when. Editing the original record is a CORRECTION,
 * for a data-entry error only.
 */
final class PriceChangeRules implements ChangeTypeRules<PriceChange> {

    public ChangeType type() {
        return ChangeType.PRICE_CHANGE;
    }

    public Class<PriceChange> proposalType() {
        return PriceChange.class;
    }

    public boolean concernsByDefault(IlrLearner record, LearningDelivery aim) {
        return aim.continuing() && aim.programmeAim() && aim.fundModel() == 36;
    }

    public void check(IlrLearner record, PriceChange p, List<LearningDelivery> aims, LocalDate effectiveDate,
            LocalDate today) {
        requireSome(aims, "the learner has no continuing apprenticeship to change the price of");
        if (p.tnp1() == null && p.tnp2() == null && p.tnp3() == null && p.tnp4() == null) {
            throw DomainProblem.invalid("values", "give at least one of tnp1, tnp2, tnp3, tnp4");
        }
        amount(p.tnp1(), "values.tnp1");
        amount(p.tnp2(), "values.tnp2");
        amount(p.tnp3(), "values.tnp3");
        amount(p.tnp4(), "values.tnp4");
        LocalDate date = p.aFinDate();
        notInFuture(date, "values.aFinDate", "LDG_NotInFuture", today);
        if ((p.tnp1() != null && p.tnp3() != null) || (p.tnp2() != null && p.tnp4() != null)) {
            throw DomainProblem.rule(INVALID, p.tnp1() != null && p.tnp3() != null ? "AFinDate_07" : "AFinDate_08",
                    "values.aFinDate", "a total price (TNP1/TNP2) and a residual one (TNP3/TNP4) cannot share a date");
        }
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = aims.get(i);
            if (aim.fundModel() != 36 || !aim.programmeAim()) {
                throw DomainProblem.rule(CONFLICT, "LDG_NotApprenticeship", "aims[" + i + "]", "aim "
                        + aim.aimSeqNumber() + " is not an apprenticeship's programme aim: only that has a price");
            }
            if (date.isBefore(aim.learnStartDate())) {
                throw DomainProblem.rule(INVALID, "LDG_OutsideAimLife", "values.aFinDate", "the new price from " + date
                        + " is before aim " + aim.aimSeqNumber() + " started on " + aim.learnStartDate()
                        + "; a price agreed before the start is the start price");
            }
            LocalDate end = aim.achDate() != null ? aim.achDate() : aim.compStatus() != LearningDelivery.COMP_STATUS_CONTINUING
                    ? aim.learnActEndDate() : null;
            if (end != null && date.isAfter(end)) {
                throw DomainProblem.rule(INVALID, "AFinDate_13", "values.aFinDate", "no price can be dated after aim "
                        + aim.aimSeqNumber() + " ended on " + end);
            }
            residualOnly(aim, p.tnp1(), 1, 3, "AFinDate_05", date);
            residualOnly(aim, p.tnp2(), 2, 4, "AFinDate_06", date);
            notOnTheDateOf(aim, p.tnp1(), 3, "AFinDate_07", date);
            notOnTheDateOf(aim, p.tnp3(), 1, "AFinDate_07", date);
            notOnTheDateOf(aim, p.tnp2(), 4, "AFinDate_08", date);
            notOnTheDateOf(aim, p.tnp4(), 2, "AFinDate_08", date);
            for (int code = 1; code <= 4; code++) {
                if (price(p, code) != null && dated(aim, code, date)) {
                    throw DomainProblem.rule(INVALID, "R68", "values.tnp" + code, "aim " + aim.aimSeqNumber()
                            + " already has a TNP" + code + " dated " + date + ": correct that record instead");
                }
            }
        }
    }

    /** Once a residual price exists, a later total price is refused (AFinDate_05, _06): it must be residual too. */
    private static void residualOnly(LearningDelivery aim, Integer amount, int code, int residual, String ruleId,
            LocalDate date) {
        if (amount == null) {
            return;
        }
        aim.appFinRecords().stream()
                .filter(price -> "TNP".equals(price.aFinType()) && price.aFinCode() == residual
                        && price.aFinDate().isBefore(date))
                .findFirst().ifPresent(price -> {
                    throw DomainProblem.rule(INVALID, ruleId, "values.tnp" + code, "aim " + aim.aimSeqNumber()
                            + " has a residual price TNP" + residual + " from " + price.aFinDate()
                            + ": a later price is a residual one, give tnp" + residual);
                });
    }

    /** A total price and a residual one never share a date (AFinDate_07, _08). */
    private static void notOnTheDateOf(LearningDelivery aim, Integer amount, int otherCode, String ruleId,
            LocalDate date) {
        if (amount != null && dated(aim, otherCode, date)) {
            throw DomainProblem.rule(INVALID, ruleId, "values.aFinDate", "aim " + aim.aimSeqNumber() + " has a TNP"
                    + otherCode + " dated " + date + ": a total and a residual price cannot share a date");
        }
    }

    private static boolean dated(LearningDelivery aim, int code, LocalDate date) {
        return aim.appFinRecords().stream().anyMatch(price -> "TNP".equals(price.aFinType())
                && price.aFinCode() == code && price.aFinDate().equals(date));
    }

    private static Integer price(PriceChange p, int code) {
        return switch (code) {
            case 1 -> p.tnp1();
            case 2 -> p.tnp2();
            case 3 -> p.tnp3();
            default -> p.tnp4();
        };
    }

    public ApprovedChange applied(IlrLearner record, ChangeRaised r, PriceChange p, String approvedBy) {
        List<AppFinRecord> before = new ArrayList<>();
        List<AppFinRecord> prices = new ArrayList<>();
        for (int code = 1; code <= 4; code++) {
            if (price(p, code) == null) {
                continue;
            }
            prices.add(new AppFinRecord("TNP", code, p.aFinDate(), price(p, code)));
            int superseding = code;
            for (String id : r.aims()) {
                record.aim(id).flatMap(aim -> superseded(aim, superseding)).filter(price -> !before.contains(price))
                        .ifPresent(before::add);
            }
        }
        return new PriceChanged(r.learner(), r.changeId(), r.aims(), before, prices, r.reason(), r.evidence(),
                r.raisedBy(), approvedBy);
    }

    /** The latest record of the code, or for a residual price the latest total price it takes over from. */
    private static Optional<AppFinRecord> superseded(LearningDelivery aim, int code) {
        Optional<AppFinRecord> latest = latest(aim, code);
        return latest.isPresent() || code <= 2 ? latest : latest(aim, code - 2);
    }

    private static Optional<AppFinRecord> latest(LearningDelivery aim, int code) {
        return aim.appFinRecords().stream().filter(price -> "TNP".equals(price.aFinType()) && price.aFinCode() == code)
                .max(Comparator.comparing(AppFinRecord::aFinDate));
    }

    public TakesEffect takesEffect(PriceChange p) {
        return new TakesEffect("aFinDate", p.aFinDate());
    }
}
