package io.mongo2pg.cli.run.config;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** How secrets inside ordinary settings are kept out of printed config: URL passwords and secret-named settings. */
final class Masking {
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)([^:/@]+):([^@/]*)@");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|jaas|credential|token|key\\b).*");

    private Masking() {
    }

    /** {@code mongodb://user:****@host} and {@code ?password=****}. */
    static String url(String url) {
        if (url == null) {
            return null;
        }
        return URL_PASSWORD.matcher(USER_INFO.matcher(url).replaceFirst("$1:****@")).replaceAll("$1****");
    }

    /** The settings with the values of secret-named keys masked and URLs' passwords masked. */
    static Map<String, String> settings(Map<String, String> settings) {
        Map<String, String> masked = new TreeMap<>();
        settings.forEach((k, v) -> masked.put(k, SECRET_KEY.matcher(k).matches() ? "****" : url(v)));
        return masked;
    }
}
