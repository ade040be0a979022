package io.mongo2pg.cli.run.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in config values with environment variables. When
 * {@code NAME} is not set but {@code NAME_FILE} is, the content of that file is used (the Docker/Kubernetes secrets
 * convention), without its trailing line break. {@code $${} writes a literal {@code ${}. References that are not
 * variable names, such as Kafka Connect's config providers ({@code ${file:/path:key}}), are left as they are.
 */
final class EnvResolver {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    private final Map<String, String> env;

    EnvResolver(Map<String, String> env) {
        this.env = env;
    }

    /**
     * @param path the YAML path of the value, for problems
     * @return the value with every reference replaced; unresolvable references are reported and left in place
     */
    String resolve(String value, String path, List<String> problems) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = m.group().equals("$${") ? "${" : lookup(m, path, problems);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String lookup(Matcher m, String path, List<String> problems) {
        String name = m.group(1);
        String value = env.get(name);
        if (value != null) {
            return value;
        }
        String file = env.get(name + "_FILE");
        if (file != null) {
            return readFile(name, file, path, problems);
        }
        if (m.group(3) != null) {
            return m.group(3);
        }
        problems.add(path + ": environment variable " + name + " is not set (nor " + name + "_FILE naming a file "
                + "that holds the value); export it, or write ${" + name + ":-default} for a default");
        return m.group();
    }

    private static String readFile(String name, String file, String path, List<String> problems) {
        try {
            return Files.readString(Path.of(file)).replaceFirst("\\R\\z", "");
        } catch (IOException | RuntimeException e) {
            problems.add(path + ": cannot read " + name + "_FILE=" + file + " (" + e.getMessage() + "); point "
                    + name + "_FILE at a readable file holding the value");
            return "";
        }
    }
}
