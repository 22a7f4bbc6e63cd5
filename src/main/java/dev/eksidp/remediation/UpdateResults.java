package dev.eksidp.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.eks.model.Update;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns an EKS update into a target's result, keeping its params and errors for the .jsonl report. */
public final class UpdateResults {

    private final ObjectMapper json = new ObjectMapper();

    public TargetResult fromUpdate(long line, Outcome outcome, Update update) {
        List<Map<String, Object>> errors = update.errors().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("errorCode", e.errorCodeAsString());
            m.put("errorMessage", e.errorMessage());
            m.put("resourceIds", e.resourceIds());
            return m;
        }).toList();
        List<Map<String, String>> params = update.params().stream()
                .map(p -> Map.of("type", p.typeAsString(), "value", String.valueOf(p.value()))).toList();
        String errorCode = errors.isEmpty() ? null : String.valueOf(errors.getFirst().get("errorCode"));
        String errorMessage = errors.isEmpty() ? null : String.valueOf(errors.getFirst().get("errorMessage"));
        return new TargetResult(line, outcome, update.id(), update.statusAsString(), errorCode, errorMessage, 0,
                update.createdAt(), write(params), write(errors));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
