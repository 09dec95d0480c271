package dev.rotor;

import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A transaction that fails in its commit (the database went away mid-request) surfaces as
 * {@link TransactionalException}. The server's own mapper for that type is more specific than
 * {@link ProblemMapper}'s {@code Throwable} and rethrows, which ends in a 500 and a stack trace;
 * this one, more specific still, hands it to {@link ProblemMapper}, so an unreachable database is
 * the usual 503 with {@code Retry-After} and anything else the usual problem.
 */
@Provider
public class TransactionFailureMapper implements ExceptionMapper<TransactionalException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(TransactionalException thrown) {
        var problems = new ProblemMapper();
        problems.uriInfo = uriInfo;
        return problems.toResponse(thrown);
    }
}
