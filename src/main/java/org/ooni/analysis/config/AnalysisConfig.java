package org.ooni.analysis.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.ooni.analysis.error.InvalidInput;
import org.ooni.analysis.error.UsageError;

/**
 * The parsed TOML configuration file. Each job reads its own section into its own settings record
 * ({@link #section}); a missing file or section gives every key its default.
 */
public final class AnalysisConfig {
    /** Where the configuration is looked for when {@code --config} is not given. */
    public static final Path DEFAULT_PATH = Path.of("/etc/ooni/analysis.toml");

    private final String origin;
    private final ObjectNode root;
    private final ObjectMapper mapper;

    private AnalysisConfig(String origin, ObjectNode root) {
        this.origin = origin;
        this.root = root;
        this.mapper = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** A configuration with every key at its default. */
    public static AnalysisConfig defaults() {
        return new AnalysisConfig("(defaults)", JsonNodeFactory.instance.objectNode());
    }

    /**
     * Loads the file named by {@code --config}, else the default path when it exists, else the defaults.
     * An explicitly named file that is missing is a usage error.
     */
    public static AnalysisConfig load(Path explicit) {
        if (explicit == null) {
            return Files.isRegularFile(DEFAULT_PATH) ? read(DEFAULT_PATH) : defaults();
        }
        return read(explicit);
    }

    static AnalysisConfig read(Path file) {
        try {
            JsonNode tree = new TomlMapper().readTree(Files.readString(file));
            if (tree == null || !tree.isObject()) {
                return new AnalysisConfig(file.toString(), JsonNodeFactory.instance.objectNode());
            }
            return new AnalysisConfig(file.toString(), (ObjectNode) tree);
        } catch (NoSuchFileException e) {
            throw new UsageError("config file not found: " + file);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new InvalidInput(file.toString(), loc == null ? 0 : loc.getLineNr(),
                    loc == null ? 0 : loc.getColumnNr(), "not valid TOML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UsageError("cannot read config file " + file + ": " + e.getMessage());
        }
    }

    /** Where this configuration came from, for log lines. */
    public String origin() {
        return origin;
    }

    /**
     * Binds one {@code [section]} (dotted names reach nested tables, e.g. {@code "backup.tables"}) to a settings
     * record whose compact constructor fills in the defaults. Unknown keys are errors, so typos do not go unnoticed.
     */
    public <T> T section(String name, Class<T> type) {
        JsonNode node = root;
        for (String part : name.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        if (node != null && !node.isObject()) {
            throw new InvalidInput(origin, 0, 0, "[" + name + "] must be a table");
        }
        try {
            return mapper.treeToValue(node == null ? JsonNodeFactory.instance.objectNode() : node, type);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidInput(origin, 0, 0, "unknown key '" + e.getPropertyName() + "' in [" + name + "]");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // A settings record that rejects a value throws one of our own errors: report that, not Jackson's wrapper.
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof org.ooni.analysis.error.AnalysisException own) {
                    throw own;
                }
            }
            String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            if (e instanceof com.fasterxml.jackson.databind.exc.ValueInstantiationException && e.getCause() != null) {
                msg = e.getCause().getMessage(); // the settings record's own reason, without Jackson's wrapper text
            }
            throw new InvalidInput(origin, 0, 0, "bad value in [" + name + "]: " + firstLine(msg));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
