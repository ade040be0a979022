package io.mongo2pg.mapping.infer;

import io.mongo2pg.mapping.schema.CollectionTables;
import io.mongo2pg.mapping.schema.RelationalModel;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The migration report in Markdown: what was read, the ER diagram (the SVG image and its Mermaid source), what to
 * review, and a table of every decision with the figures behind it.
 */
public final class MigrationReportWriter {
    private MigrationReportWriter() {
    }

    /**
     * @param title what was analysed (a database, a set of files)
     * @param files the names of the files written next to the report: mapping, DDL, cutover DDL, Mermaid, SVG
     */
    public static String write(String title, Analysis analysis, String mermaid, AnalysisFiles.Names files) {
        RelationalModel model = RelationalModel.of(analysis.mapping());
        StringBuilder out = new StringBuilder();
        out.append("# Migration report: ").append(title).append("\n\n");
        out.append("Proposed by `mongo2pg analyze`. The mapping [`").append(files.mapping()).append("`](").append(files.mapping())
                .append(") is ready for review: each entry's comment gives the figures behind it. The DDL it produces is in [`")
                .append(files.ddl()).append("`](").append(files.ddl()).append("), the foreign keys created at cutover in [`")
                .append(files.cutover()).append("`](").append(files.cutover()).append(").\n\n");
        collections(out, analysis, model);
        out.append("## ER diagram\n\n![ER diagram](").append(files.svg()).append(")\n\n")
                .append("Mermaid source ([`").append(files.mermaid()).append("`](").append(files.mermaid()).append(")):\n\n")
                .append("```mermaid\n").append(mermaid).append("```\n\n");
        review(out, analysis);
        decisions(out, analysis);
        out.append("## Next steps\n\n")
                .append("1. Review and edit `").append(files.mapping()).append("` (rename tables and columns, add `unique: true`, ")
                .append("`exclude` fields, key child tables by a natural key).\n")
                .append("2. `mongo2pg schema diff --mapping ").append(files.mapping()).append(" --postgres JDBC_URL --migrations ")
                .append("db/migrations` writes the versioned migration (Flyway naming) that brings the database to it.\n")
                .append("3. `mongo2pg schema apply --migrations db/migrations --postgres JDBC_URL` applies it with Flyway.\n");
        return out.toString();
    }

    private static void collections(StringBuilder out, Analysis analysis, RelationalModel model) {
        out.append("## Collections\n\n| collection | documents read | tables |\n|---|---:|---|\n");
        for (Analysis.CollectionSummary c : analysis.collections()) {
            CollectionTables tables = model.forCollection(c.collection());
            out.append("| ").append(cell(c.collection())).append(" | ").append(c.documents()).append(" | ")
                    .append(tables.all().stream().map(t -> "`" + cell(t.name()) + "` (" + t.kind().name().toLowerCase()
                            .replace('_', '-') + ")").collect(Collectors.joining(", "))).append(" |\n");
        }
        out.append('\n');
    }

    private static void review(StringBuilder out, Analysis analysis) {
        List<Decision> toReview = analysis.decisions().stream().filter(MigrationReportWriter::worthReviewing).toList();
        out.append("## To review\n\n");
        if (toReview.isEmpty()) {
            out.append("Nothing stood out: every mapped field had one type.\n\n");
            return;
        }
        for (Decision d : toReview) {
            out.append("- **").append(d.collection()).append(".").append(d.path()).append("**: ").append(d.reason())
                    .append(" (").append(d.placement()).append(")\n");
        }
        out.append('\n');
    }

    /** References (dangling values, duplicate targets), mixed types, and whatever went to jsonb or _extra. */
    private static boolean worthReviewing(Decision d) {
        return d.placement().contains(" -> ") || d.placement().endsWith(" jsonb") || d.placement().endsWith("._extra")
                || d.reason().contains("onMismatch");
    }

    private static void decisions(StringBuilder out, Analysis analysis) {
        out.append("## Decisions\n\n| collection | field | observed | decision | why |\n|---|---|---|---|---|\n");
        for (Decision d : analysis.decisions()) {
            out.append("| ").append(cell(d.collection())).append(" | `").append(cell(d.path())).append("` | ")
                    .append(cell(d.observed())).append(" | ").append(cell(d.placement())).append(" | ")
                    .append(cell(d.reason())).append(" |\n");
        }
        out.append('\n');
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ").replace("`", "'");
    }
}
