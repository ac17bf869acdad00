package uk.ilrledger.testsupport;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Random;

/**
 * Writes a 2025-26 ILR file of any number of fictional learners, as another provider system would,
 * straight to disk as text (not through the ledger's own writer), reproducible from a seed. Learners
 * alternate between apprentices (programme aim and component, funding and FAM records, an employer)
 * and adult skills learners (one aim); some are withdrawn, some completed. Names are made up from
 * syllables, postcodes are the DfE's "unknown" ZZ99 9ZZ, ULNs pass their check digit.
 */
public final class GeneratedIlrFile {

    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ren", "tas", "vo", "bel", "dri", "fen", "gar"};

    private GeneratedIlrFile() {
    }

    public static void write(Path file, int ukprn, int learners, long seed) throws IOException {
        Random random = new Random(seed);
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            out.write("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <Message xmlns="ESFA/ILR/2025-26">
                      <Header>
                        <CollectionDetails><Collection>ILR</Collection><Year>2526</Year><FilePreparationDate>2026-03-02</FilePreparationDate></CollectionDetails>
                        <Source><ProtectiveMarking>OFFICIAL-SENSITIVE-Personal</ProtectiveMarking><UKPRN>%d</UKPRN><SoftwareSupplier>Example Supplier</SoftwareSupplier><SerialNo>01</SerialNo><DateTime>2026-03-02T09:30:00</DateTime></Source>
                      </Header>
                      <LearningProvider><UKPRN>%d</UKPRN></LearningProvider>
                    """.formatted(ukprn, ukprn));
            for (int i = 1; i <= learners; i++) {
                out.write(learner(i, random));
            }
            out.write("</Message>\n");
        }
    }

    private static String learner(int n, Random random) {
        LocalDate start = LocalDate.of(2025, 8, 1).plusDays(random.nextInt(200));
        String ref = "G" + n;
        StringBuilder xml = new StringBuilder(2048);
        xml.append("  <Learner>\n")
                .append("    <LearnRefNumber>").append(ref).append("</LearnRefNumber>\n")
                .append("    <ULN>").append(uln(n)).append("</ULN>\n")
                .append("    <FamilyName>").append(name(random)).append("</FamilyName>\n")
                .append("    <GivenNames>").append(name(random)).append("</GivenNames>\n")
                .append("    <DateOfBirth>").append(LocalDate.of(1980, 1, 1).plusDays(random.nextInt(8000)))
                .append("</DateOfBirth>\n")
                .append("    <Ethnicity>").append(31 + random.nextInt(17)).append("</Ethnicity>\n")
                .append("    <Sex>").append(random.nextBoolean() ? "F" : "M").append("</Sex>\n")
                .append("    <LLDDHealthProb>").append(random.nextBoolean() ? 1 : 2).append("</LLDDHealthProb>\n")
                .append("    <PostcodePrior>ZZ99 9ZZ</PostcodePrior>\n")
                .append("    <Postcode>ZZ99 9ZZ</Postcode>\n");
        boolean apprentice = n % 2 == 1;
        xml.append("    <LearnerEmploymentStatus><EmpStat>10</EmpStat><DateEmpStatApp>").append(start.minusDays(1))
                .append("</DateEmpStatApp>");
        if (apprentice) {
            xml.append("<EmpId>").append(100_000_000 + random.nextInt(800_000_000)).append("</EmpId>");
        }
        xml.append("</LearnerEmploymentStatus>\n");
        int outcome = random.nextInt(10);
        if (apprentice) {
            LocalDate end = start.plusMonths(18);
            boolean withdrawn = outcome == 0;
            xml.append(aim("ZPROG001", 1, 1, start, end, 36, withdrawn ? 3 : 1, withdrawn ? start.plusDays(90) : null,
                    withdrawn ? 97 : null, """
                            <LearningDeliveryFAM><LearnDelFAMType>ACT</LearnDelFAMType><LearnDelFAMCode>1</LearnDelFAMCode><LearnDelFAMDateFrom>%s</LearnDelFAMDateFrom></LearningDeliveryFAM>
                            <AppFinRecord><AFinType>TNP</AFinType><AFinCode>1</AFinCode><AFinDate>%s</AFinDate><AFinAmount>%d</AFinAmount></AppFinRecord>
                            <AppFinRecord><AFinType>TNP</AFinType><AFinCode>2</AFinCode><AFinDate>%s</AFinDate><AFinAmount>%d</AFinAmount></AppFinRecord>
                            """.formatted(start, start, 6000 + random.nextInt(9000), start, 1000 + random.nextInt(3000))))
                    .append(aim("60000001", 3, 2, start, end, 36, withdrawn ? 3 : 1,
                            withdrawn ? start.plusDays(90) : null, withdrawn ? 97 : null, ""));
        } else {
            boolean completed = outcome < 5;
            LocalDate end = start.plusMonths(6);
            xml.append(aim("6010" + (1000 + random.nextInt(9000)), 1, 1, start, end, 35, completed ? 2 : 1,
                    completed ? end : null, null, """
                            <LearningDeliveryFAM><LearnDelFAMType>SOF</LearnDelFAMType><LearnDelFAMCode>105</LearnDelFAMCode></LearningDeliveryFAM>
                            """));
        }
        return xml.append("  </Learner>\n").toString();
    }

    private static String aim(String ref, int type, int seq, LocalDate start, LocalDate planEnd, int fundModel,
            int compStatus, LocalDate actEnd, Integer withdrawReason, String children) {
        StringBuilder xml = new StringBuilder("    <LearningDelivery>\n");
        xml.append("      <LearnAimRef>").append(ref).append("</LearnAimRef><AimType>").append(type)
                .append("</AimType><AimSeqNumber>").append(seq).append("</AimSeqNumber>\n")
                .append("      <LearnStartDate>").append(start).append("</LearnStartDate><LearnPlanEndDate>")
                .append(planEnd).append("</LearnPlanEndDate><FundModel>").append(fundModel).append("</FundModel>\n");
        if (fundModel == 36) {
            xml.append("      <ProgType>25</ProgType><StdCode>91</StdCode>\n");
        }
        xml.append("      <DelLocPostCode>ZZ99 9ZZ</DelLocPostCode><CompStatus>").append(compStatus).append("</CompStatus>\n");
        if (actEnd != null) {
            xml.append("      <LearnActEndDate>").append(actEnd).append("</LearnActEndDate>\n");
        }
        if (withdrawReason != null) {
            xml.append("      <WithdrawReason>").append(withdrawReason).append("</WithdrawReason>\n");
        }
        if (compStatus == 2) {
            xml.append("      <Outcome>1</Outcome><AchDate>").append(actEnd).append("</AchDate>\n");
        } else if (compStatus == 3) {
            xml.append("      <Outcome>3</Outcome>\n");
        }
        xml.append("      <SWSupAimId>").append(java.util.UUID.nameUUIDFromBytes((ref + seq + start).getBytes(StandardCharsets.UTF_8)))
                .append("</SWSupAimId>\n");
        xml.append(children.indent(6));
        return xml.append("    </LearningDelivery>\n").toString();
    }

    private static String name(Random random) {
        StringBuilder name = new StringBuilder();
        for (int i = 0, n = 2 + random.nextInt(2); i < n; i++) {
            name.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        name.setCharAt(0, Character.toUpperCase(name.charAt(0)));
        return name.toString();
    }

    /** The n-th ULN whose check digit is right: a 9-digit stem from 100000000 up, and its check digit. */
    public static long uln(int n) {
        long stem = 100_000_000L + n * 3L;
        while (true) {
            String digits = Long.toString(stem);
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (10 - i) * (digits.charAt(i) - '0');
            }
            int r = sum % 11;
            if (r != 0) {
                return stem * 10 + (10 - r);
            }
            stem++;
        }
    }
}
