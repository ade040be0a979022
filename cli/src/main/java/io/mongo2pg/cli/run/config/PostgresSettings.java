package io.mongo2pg.cli.run.config;

/** The {@code postgres} section; the password is a {@link Secret} and any password in the URL is masked too. */
public record PostgresSettings(String jdbcUrl, String user, Secret password, String schema) {
    @Override
    public String toString() {
        return "PostgresSettings[jdbcUrl=" + Masking.url(jdbcUrl) + ", user=" + user + ", password="
                + (password == null ? "(none)" : password) + ", schema=" + schema + "]";
    }
}
