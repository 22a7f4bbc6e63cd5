package dev.eksidp.simulator;

/** Which EKS operation a rest-json request addresses, with its path parameters decoded. */
record EksRoute(String operation, String cluster, String updateId) {

    /** @return null when no supported operation has this method and path */
    static EksRoute of(String method, String rawPath) {
        String[] s = rawPath.split("/", -1);
        // s[0] is "" because the path starts with '/'
        if (s.length < 2 || !s[0].isEmpty() || !s[1].equals("clusters")) return null;
        boolean get = method.equals("GET");
        boolean post = method.equals("POST");
        if (s.length == 2 || (s.length == 3 && s[2].isEmpty())) return get ? new EksRoute("ListClusters", null, null) : null;
        String cluster = SigV4Verifier.percentDecode(s[2]);
        if (s.length == 3) return get ? new EksRoute("DescribeCluster", cluster, null) : null;
        if (s[3].equals("identity-provider-configs")) {
            if (s.length == 4) return get ? new EksRoute("ListIdentityProviderConfigs", cluster, null) : null;
            if (s.length == 5 && post) {
                return switch (s[4]) {
                    case "describe" -> new EksRoute("DescribeIdentityProviderConfig", cluster, null);
                    case "associate" -> new EksRoute("AssociateIdentityProviderConfig", cluster, null);
                    case "disassociate" -> new EksRoute("DisassociateIdentityProviderConfig", cluster, null);
                    default -> null;
                };
            }
            return null;
        }
        if (s[3].equals("updates") && get) {
            if (s.length == 4) return new EksRoute("ListUpdates", cluster, null);
            if (s.length == 5) return new EksRoute("DescribeUpdate", cluster, SigV4Verifier.percentDecode(s[4]));
        }
        return null;
    }

}
