package dev.rotor.problem;

/** A request that cannot be served, with the problem to answer. Carries no secret in its message. */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.title(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String slug, String detail) {
        return new ProblemException(Problem.of(slug, "Bad request", 400, detail));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of("not-found", "Not found", 404, detail));
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(Problem.of(slug, "Conflict", 409, detail));
    }

    public static ProblemException forbidden(String slug, String detail) {
        return new ProblemException(Problem.of(slug, "Forbidden", 403, detail));
    }

    public static ProblemException unauthorized(String slug, String detail) {
        return new ProblemException(Problem.of(slug, "Unauthorized", 401, detail));
    }
}
