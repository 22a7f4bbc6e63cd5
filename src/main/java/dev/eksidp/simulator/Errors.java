package dev.eksidp.simulator;

/** The error codes and messages the simulator answers with, worded like the real services. */
final class Errors {
    private Errors() {
    }

    static ApiException eks(int status, String code, String message, String clusterName) {
        return new EksException(status, code, message, clusterName);
    }

    static ApiException clusterNotFound(String name) {
        return eks(404, "ResourceNotFoundException", "No cluster found for name: " + name + ".", name);
    }

    static ApiException configNotFound(String cluster, String type, String name) {
        return eks(404, "ResourceNotFoundException", "No config found for cluster: " + cluster + ", config type: " + type + ", config name: " + name, cluster);
    }

    static ApiException updateInProgress(String operation, String cluster, String updateId) {
        return eks(409, "ResourceInUseException", "Cannot " + operation + " because cluster " + cluster + " currently has update " + updateId + " in progress", cluster);
    }

    static ApiException sts(int status, String code, String message) {
        return new ApiException(status, code, message);
    }

    /** rest-json error shapes carry clusterName besides message. */
    static final class EksException extends ApiException {
        private final String clusterName;

        EksException(int status, String code, String message, String clusterName) {
            super(status, code, message);
            this.clusterName = clusterName;
        }

        String clusterName() {
            return clusterName;
        }
    }
}
