package uk.ilrledger.command.evidence;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.tika.Tika;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.springframework.stereotype.Component;
import uk.ilrledger.command.evidence.EvidenceStore.UnsupportedEvidenceType;

/**
 * What an evidence file must be before it is stored: one of the types on the allowlist, decided by
 * its bytes, and built as that type is built, read to its end rather than judged by its first bytes.
 * A PDF has its header, objects, trailer and final {@code %%EOF}, and no script, launch action or
 * attached file in it, compressed or not; a PNG or JPEG decodes; text is UTF-8 without control
 * characters and is not HTML, a script or markup; an e-mail has well-formed headers with a sender;
 * an Office file is a well-formed container without macros. Anything else, whatever its name or the
 * type the client claims, is refused (decision 30).
 */
@Component
public class EvidenceAllowlist {

    private static final MediaType PDF = MediaType.application("pdf");
    private static final MediaType PNG = MediaType.image("png");
    private static final MediaType JPEG = MediaType.image("jpeg");
    private static final MediaType EMAIL = MediaType.parse("message/rfc822");
    private static final MediaType OOXML = MediaType.application("x-tika-ooxml");
    private static final MediaType ZIP = MediaType.application("zip");
    private static final Set<MediaType> OLE2 = Set.of(MediaType.application("x-tika-msoffice"),
            MediaType.application("msword"), MediaType.application("vnd.ms-excel"),
            MediaType.application("vnd.ms-outlook"));
    private static final byte[] OLE2_SIGNATURE = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1,
            (byte) 0xB1, 0x1A, (byte) 0xE1};

    /** PDF names that run code, open other programs or carry files, as a viewer reads them. */
    private static final List<String> ACTIVE_PDF_NAMES = List.of("/JavaScript", "/JS", "/Launch", "/EmbeddedFile",
            "/EmbeddedFiles", "/RichMedia", "/SubmitForm", "/ImportData");
    private static final Pattern PDF_NAME_ESCAPE = Pattern.compile("#([0-9A-Fa-f]{2})");
    private static final Pattern PDF_STREAM = Pattern.compile("stream\r?\n");
    /** Text that a browser or a shell would run or render rather than show. */
    private static final Pattern MARKUP_OR_SCRIPT = Pattern.compile(
            "\\A\\s*(#!|<\\?|<!--)|<\\s*/?\\s*(html|head|body|script|iframe|svg|object|embed|img|a\\s|meta|style|form)\\b"
                    + "|\\bjavascript:|\\A\\s*@echo\\s+off",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_FIELD = Pattern.compile("[\\x21-\\x39\\x3B-\\x7E]+:.*");
    /** Largest image (in pixels) decoded in full; larger ones are decoded at a lower resolution. */
    private static final long FULL_DECODE_PIXELS = 4_000_000L;
    /** Largest number of bytes inflated from a PDF's streams or an Office file's entries. */
    private static final long MAX_INFLATED = 256L * 1024 * 1024;

    private final Tika tika = new Tika();
    private final MediaTypeRegistry registry = MediaTypeRegistry.getDefaultRegistry();

    /** Refuses the file with {@link UnsupportedEvidenceType} unless it is an allowed type, well built. */
    public void check(byte[] content, String fileName) {
        MediaType type = detect(content, fileName);
        if (type.equals(PDF)) {
            pdf(content);
        } else if (type.equals(PNG) || type.equals(JPEG)) {
            image(content, type);
        } else if (type.equals(MediaType.TEXT_PLAIN)) {
            text(content, "text");
        } else if (type.equals(EMAIL)) {
            email(content);
        } else if (type.equals(OOXML) || registry.isSpecializationOf(type, OOXML)) {
            ooxml(content);
        } else if (OLE2.contains(type) || OLE2.stream().anyMatch(ole -> registry.isSpecializationOf(type, ole))) {
            ole2(content);
        } else {
            throw refused(type.toString());
        }
    }

    /** By the bytes; the name only says which Office format a container is, as the store decides it. */
    private MediaType detect(byte[] content, String fileName) {
        try (InputStream in = new ByteArrayInputStream(content)) {
            MediaType byContent = MediaType.parse(tika.detect(in));
            boolean container = byContent.equals(ZIP) || byContent.equals(OOXML) || OLE2.contains(byContent);
            if (container && fileName != null) {
                MediaType byName = MediaType.parse(tika.detect(content, fileName));
                if (registry.isSpecializationOf(byName, byContent)) {
                    return byName;
                }
            }
            return byContent;
        } catch (IOException e) {
            throw new IllegalStateException("reading bytes in memory", e);
        }
    }

    private static UnsupportedEvidenceType refused(String what) {
        return new UnsupportedEvidenceType(what);
    }

    // --- PDF ---

    private void pdf(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        if (!text.matches("(?s)\\A%PDF-[12]\\.[0-9][\r\n].*")) {
            throw refused("a PDF without a PDF header line");
        }
        String end = text.substring(Math.max(0, text.length() - 1024)).stripTrailing();
        if (!end.endsWith("%%EOF")) {
            throw refused("a PDF that does not end with %%EOF: something follows the document");
        }
        if (!text.contains("endobj") || !(text.contains("trailer") || text.contains("startxref"))) {
            throw refused("a PDF without objects or a trailer");
        }
        activeContent(text);
        long inflated = 0;
        Matcher stream = PDF_STREAM.matcher(text);
        while (stream.find()) {
            int start = stream.end();
            int stop = text.indexOf("endstream", start);
            if (stop < 0) {
                throw refused("a PDF with a stream that never ends");
            }
            byte[] decoded = inflate(content, start, stop - start, MAX_INFLATED - inflated);
            if (decoded != null) {
                inflated += decoded.length;
                activeContent(new String(decoded, StandardCharsets.ISO_8859_1));
            }
        }
    }

    private static void activeContent(String pdfText) {
        String names = PDF_NAME_ESCAPE.matcher(pdfText)
                .replaceAll(hex -> Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(hex.group(1), 16))));
        for (String name : ACTIVE_PDF_NAMES) {
            Matcher found = Pattern.compile(Pattern.quote(name) + "(?![A-Za-z0-9])").matcher(names);
            if (found.find()) {
                throw refused("a PDF holding " + name.substring(1) + " (scripts, launch actions and attached files "
                        + "are not taken)");
            }
        }
    }

    /** The stream inflated (FlateDecode), or null when it is not deflated data; refused past the budget. */
    private static byte[] inflate(byte[] content, int offset, int length, long budget) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(content, offset, length);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buffer, 0, n);
                if (out.size() > budget) {
                    throw refused("a PDF whose streams inflate to more than " + MAX_INFLATED + " bytes");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException notDeflated) {
            return null;
        } finally {
            inflater.end();
        }
    }

    // --- images ---

    private static void image(byte[] content, MediaType type) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(type.toString());
            if (!readers.hasNext()) {
                throw refused(type + " that cannot be read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                ImageReadParam param = reader.getDefaultReadParam();
                // Every byte is still decoded; only the picture kept in memory is smaller.
                int step = (int) Math.max(1, Math.ceil(Math.sqrt((double) pixels / FULL_DECODE_PIXELS)));
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage image = reader.read(0, param);
                if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
                    throw refused(type + " that does not decode to a picture");
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException broken) {
            if (broken instanceof UnsupportedEvidenceType refusal) {
                throw refusal;
            }
            throw refused(type + " that does not decode to a picture");
        }
    }

    // --- text and e-mail ---

    private static void text(byte[] content, String what) {
        if (MARKUP_OR_SCRIPT.matcher(decoded(content, what)).find()) {
            throw refused(what + " that is HTML, markup or a script");
        }
    }

    /** The content as UTF-8 text without control characters other than tab, line breaks and form feed. */
    private static String decoded(byte[] content, String what) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw refused(what + " that is not UTF-8");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
                throw refused(what + " holding the control character U+%04X at character %d".formatted((int) c, i + 1));
            }
        }
        return text;
    }

    private static void email(byte[] content) {
        // An e-mail may well have an HTML part: it is downloaded as message/rfc822, never rendered.
        String message = decoded(content, "an e-mail");
        String[] lines = message.split("\r?\n", -1);
        boolean from = false;
        int i = 0;
        for (; i < lines.length && !lines[i].isEmpty(); i++) {
            String line = lines[i];
            if (line.startsWith(" ") || line.startsWith("\t")) {
                if (i == 0) {
                    throw refused("an e-mail whose headers start with a continuation line");
                }
                continue;
            }
            if (!HEADER_FIELD.matcher(line).matches()) {
                throw refused("an e-mail with a malformed header on line " + (i + 1));
            }
            from |= line.toLowerCase(Locale.ROOT).startsWith("from:");
        }
        if (i == lines.length || !from) {
            throw refused("an e-mail without a From header and a blank line before its body");
        }
    }

    // --- Office ---

    private static void ooxml(byte[] content) {
        boolean contentTypes = false;
        long inflated = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
            byte[] buffer = new byte[64 * 1024];
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                String name = entry.getName().toLowerCase(Locale.ROOT);
                if (name.endsWith("vbaproject.bin") || name.endsWith(".exe") || name.endsWith(".dll")
                        || name.contains("activex") || name.contains("embeddings/")) {
                    throw refused("an Office document holding macros, controls or embedded files (" + entry.getName()
                            + ")");
                }
                contentTypes |= name.equals("[content_types].xml");
                for (int n; (n = zip.read(buffer)) > 0; ) {
                    inflated += n;
                    if (inflated > MAX_INFLATED) {
                        throw refused("an Office document that inflates to more than " + MAX_INFLATED + " bytes");
                    }
                }
            }
        } catch (IOException broken) {
            throw refused("an Office document whose container is broken");
        }
        if (!contentTypes) {
            throw refused("a zip archive that is not an Office document");
        }
    }

    private static void ole2(byte[] content) {
        // The compound file header: signature, byte order FFFE, sector size 512 or 4096.
        if (content.length < 512 || !java.util.Arrays.equals(content, 0, 8, OLE2_SIGNATURE, 0, 8)
                || (content[28] & 0xFF) != 0xFE || (content[29] & 0xFF) != 0xFF
                || !(content[30] == 9 || content[30] == 12) || content[31] != 0) {
            throw refused("an Office document whose compound file header is broken");
        }
        if (new String(content, StandardCharsets.ISO_8859_1).contains("_\0V\0B\0A\0_\0P\0R\0O\0J\0E\0C\0T")) {
            throw refused("an Office document holding macros");
        }
    }
}
