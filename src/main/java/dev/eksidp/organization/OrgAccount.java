package dev.eksidp.organization;

/** A member account as AWS Organizations lists it; state is the account's State (Status where State is absent). */
public record OrgAccount(String id, String name, String state) {

    /** Only ACTIVE accounts can hold running clusters we can reach; SUSPENDED, PENDING_CLOSURE and CLOSED cannot. */
    public boolean active() {
        return "ACTIVE".equals(state);
    }
}
