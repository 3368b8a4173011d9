package io.edgefusion.kernel.log;

import java.io.PrintStream;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * The product's one logging path. Every {@code System.getLogger} in EdgeFusion (and in any library that logs
 * through System.Logger) ends here instead of in java.util.logging, whose default format is two lines
 * ({@code Dec 01, 2026 7:33:12 PM io.edgefusion…LayerBatch lambda$run$0} then the message) and which would
 * interleave with the CLI's one-line output. Each event is one line on stderr:
 * {@code edgefusion: WARNING message}. The threshold comes from {@code EDGEFUSION_LOG} (or the system property
 * {@code edgefusion.log}): {@code off}, {@code error}, {@code warning}, {@code info} (default, as JUL's),
 * {@code debug}, {@code trace}, {@code all}. Registered with ServiceLoader in META-INF/services, so it is found
 * on the class path; kernel is below every module, so every JVM of the product has it.
 */
public final class OneLineLoggerFinder extends System.LoggerFinder {
    public static final String ENV = "EDGEFUSION_LOG";
    public static final String PROPERTY = "edgefusion.log";

    private final System.Logger.Level threshold;

    public OneLineLoggerFinder() {
        this.threshold = threshold(System.getProperty(PROPERTY, System.getenv(ENV)));
    }

    /** The level a setting names; unknown or absent settings give INFO. */
    static System.Logger.Level threshold(String setting) {
        if (setting == null || setting.isBlank()) {
            return System.Logger.Level.INFO;
        }
        return switch (setting.strip().toLowerCase(Locale.ROOT)) {
            case "off", "none" -> System.Logger.Level.OFF;
            case "error" -> System.Logger.Level.ERROR;
            case "warning", "warn" -> System.Logger.Level.WARNING;
            case "debug" -> System.Logger.Level.DEBUG;
            case "trace" -> System.Logger.Level.TRACE;
            case "all" -> System.Logger.Level.ALL;
            default -> System.Logger.Level.INFO;
        };
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new OneLineLogger(name, threshold);
    }

    /** One line per event, written to the stderr of the moment: the command's caller's ({@link LogTarget}). */
    static final class OneLineLogger implements System.Logger {
        private final String name;
        private final Level threshold;

        OneLineLogger(String name, Level threshold) {
            this.name = name;
            this.threshold = threshold;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level != Level.OFF && threshold != Level.OFF && level.getSeverity() >= threshold.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (isLoggable(level)) {
                emit(level, localized(bundle, msg) + cause(thrown));
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                String text = localized(bundle, format);
                emit(level, params == null || params.length == 0 ? text : MessageFormat.format(text, params));
            }
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            if (isLoggable(level)) {
                emit(level, msgSupplier.get());
            }
        }

        private static String localized(ResourceBundle bundle, String key) {
            if (bundle == null || key == null) {
                return String.valueOf(key);
            }
            try {
                return bundle.getString(key);
            } catch (MissingResourceException e) {
                return key;
            }
        }

        private static String cause(Throwable t) {
            return t == null ? "" : ": " + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        }

        static String line(Level level, String message) {
            // a message with newlines would break the one-line promise (and let input forge log lines)
            return "edgefusion: " + level.getName() + " " + message.replace('\r', ' ').replace('\n', ' ');
        }

        private static void emit(Level level, String message) {
            PrintStream err = LogTarget.current();
            err.println(line(level, message));
        }
    }
}
