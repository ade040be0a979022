package io.mongo2pg.connectors.connect;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One Kafka Connect connector: its name and its complete configuration, as {@code PUT /connectors/{name}/config}
 * takes it. The configuration keeps its rendering order so that rendered files are stable and readable.
 *
 * @param name the connector's name in Connect; it also keys the connector's offsets, so keep it stable
 * @param config every setting, including {@code connector.class}
 */
public record ConnectorDefinition(String name, Map<String, String> config) {

    public static final String CONNECTOR_CLASS = "connector.class";
    private static final String MASK = "****";
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)([^:/@]+):([^@/]*)@");
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|jaas|credential|token).*");

    public ConnectorDefinition {
        Objects.requireNonNull(name, "name");
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    public String connectorClass() {
        return config.get(CONNECTOR_CLASS);
    }

    /** The connector class without its package, as Connect's plugin endpoints accept it. */
    public String pluginAlias() {
        String cls = connectorClass();
        return cls == null ? null : cls.substring(cls.lastIndexOf('.') + 1);
    }

    /**
     * A copy safe to print: the password of a connection string and every setting whose name says it is a secret
     * are replaced by {@code ****}. Connect's own config provider references ({@code ${file:...}}) are kept, since
     * they are not secrets.
     */
    public ConnectorDefinition masked() {
        Map<String, String> safe = new LinkedHashMap<>();
        config.forEach((key, value) -> safe.put(key, maskValue(key, value)));
        return new ConnectorDefinition(name, safe);
    }

    /** The printable form of one setting's value. */
    public static String maskValue(String key, String value) {
        if (value == null || value.startsWith("${")) {
            return value;
        }
        if (SECRET_KEY.matcher(key).matches()) {
            return MASK;
        }
        return USER_INFO.matcher(value).replaceFirst("$1:" + MASK + "@");
    }

    @Override
    public String toString() {
        return "ConnectorDefinition[name=" + name + ", config=" + masked().config + "]";
    }
}
