// Runs many SPARQL SELECT queries with Apache Jena's ARQ in one Java process, in strict SPARQL 1.1
// mode (as `arq.sparql --strict` does), writing each result as SPARQL CSV. One process instead of
// one per query keeps the Jena tests of the saved queries fast (JVM start-up dominates).
//
// Usage: java -cp JENA_CLASSPATH ArqBatch.java JOBS
// where each line of the file JOBS is: DATA_FILE <TAB> QUERY_FILE <TAB> OUTPUT_CSV.
// A query that fails writes its message to OUTPUT_CSV + ".error" and the others still run.

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.jena.query.ARQ;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.query.Syntax;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.RDFDataMgr;

public class ArqBatch {
    public static void main(String[] args) throws Exception {
        ARQ.setStrictMode();
        Map<String, Model> models = new HashMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            String[] job = line.split("\t");
            Model model = models.computeIfAbsent(job[0], RDFDataMgr::loadModel);
            try {
                Query query = QueryFactory.read(job[1], Syntax.syntaxSPARQL_11);
                try (QueryExecution execution = QueryExecutionFactory.create(query, model);
                     OutputStream out = new FileOutputStream(job[2])) {
                    ResultSetFormatter.outputAsCSV(out, execution.execSelect());
                }
            } catch (Exception problem) {
                Files.writeString(Path.of(job[2] + ".error"), String.valueOf(problem), StandardCharsets.UTF_8);
            }
        }
    }
}
