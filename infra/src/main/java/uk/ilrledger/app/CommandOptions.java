package uk.ilrledger.app;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The options of one of the jar's commands, parsed one way for all of them: {@code --name value} or
 * {@code --name=value} for the command's own options, {@code --flag} for its switches, up to
 * {@code arguments} words without dashes (a file), and any other {@code --name=value} kept as a
 * setting for the store (Spring's configuration, as the service takes it). Anything else is refused
 * with an {@link IllegalArgumentException} naming the option and followed by the command's usage,
 * which every command reports with exit code 2.
 */
final class CommandOptions {

    private final String usage;
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final List<String> arguments = new ArrayList<>();
    private final List<String> settings = new ArrayList<>();

    private CommandOptions(String usage) {
        this.usage = usage;
    }

    /**
     * @param valued the command's options that take a value ({@code --ukprn})
     * @param switches the command's options that take none ({@code --strict})
     * @param arguments how many words without dashes the command takes
     */
    static CommandOptions parse(List<String> options, Set<String> valued, Set<String> switches, int arguments,
            String usage) {
        CommandOptions parsed = new CommandOptions(usage);
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            int equals = option.indexOf('=');
            String name = option.startsWith("--") && equals > 0 ? option.substring(0, equals) : option;
            if (switches.contains(option)) {
                parsed.flags.add(option);
            } else if (valued.contains(name)) {
                String value;
                if (equals > 0) {
                    value = option.substring(equals + 1);
                } else if (i + 1 < options.size()) {
                    value = options.get(++i);
                } else {
                    throw parsed.refused(option + " needs a value");
                }
                parsed.values.put(name, value);
            } else if (option.startsWith("--") && equals > 2) {
                parsed.settings.add(option);
            } else if (!option.startsWith("-") && parsed.arguments.size() < arguments) {
                parsed.arguments.add(option);
            } else {
                throw parsed.refused("unexpected argument '" + option + "'");
            }
        }
        return parsed;
    }

    /** The option's value, or null when it was not given. */
    String value(String name) {
        return values.get(name);
    }

    String value(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    /** The option's value read by {@code read}; a value it refuses is refused naming the option and {@code expected}. */
    <T> T value(String name, Function<String, T> read, String expected) {
        String value = values.get(name);
        if (value == null) {
            return null;
        }
        try {
            return read.apply(value);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException(name + " is " + expected + ", was '" + value + "'");
        }
    }

    /** {@code --as-of}: an ISO-8601 instant, or null. */
    Instant instant(String name) {
        return value(name, Instant::parse, "an instant such as 2026-10-20T17:00:00Z");
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    /** The n-th word without dashes, or null. */
    String argument(int index) {
        return index < arguments.size() ? arguments.get(index) : null;
    }

    /** The {@code --name=value} settings for the store. */
    List<String> settings() {
        return List.copyOf(settings);
    }

    /** Refused with {@code message} and the usage unless every one of the options named was given. */
    void require(String message, String... names) {
        for (String name : names) {
            if (!values.containsKey(name)) {
                throw refused(message);
            }
        }
    }

    /** {@code message}, followed by the command's usage. */
    IllegalArgumentException refused(String message) {
        return new IllegalArgumentException(message + "\n" + usage);
    }
}
