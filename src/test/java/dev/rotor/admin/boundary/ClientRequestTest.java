package dev.rotor.admin.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rotor.client.control.ClientAdministration.ClientChange;
import dev.rotor.problem.ProblemException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the admin API reads the back-channel logout fields of a client's body: absent, null, a value, a wrong type. */
class ClientRequestTest {

    @Test
    void absentFieldsLeaveBackchannelLogoutAsItIs() {
        ClientChange change = read("{\"name\": \"Shop\"}");
        assertNull(change.backchannelLogoutUri());
        assertNull(change.backchannelLogoutSessionRequired());
    }

    @Test
    void aValueSetsItAndNullRemovesIt() {
        ClientChange set = read("{\"backchannelLogoutUri\": \"https://shop.example/bc\", \"backchannelLogoutSessionRequired\": true}");
        assertEquals(Optional.of("https://shop.example/bc"), set.backchannelLogoutUri());
        assertEquals(Boolean.TRUE, set.backchannelLogoutSessionRequired());
        assertEquals(Optional.empty(), read("{\"backchannelLogoutUri\": null}").backchannelLogoutUri());
        assertEquals(Optional.of(""), read("{\"backchannelLogoutUri\": \"\"}").backchannelLogoutUri());
    }

    @Test
    void aWrongTypeIsA400NamingTheField() {
        assertEquals(400, assertThrows(ProblemException.class, () -> read("{\"backchannelLogoutUri\": 7}")).problem().status());
        var flag = assertThrows(ProblemException.class, () -> read("{\"backchannelLogoutSessionRequired\": \"yes\"}"));
        assertEquals(400, flag.problem().status());
        assertEquals(true, flag.problem().detail().contains("backchannelLogoutSessionRequired"), flag.problem().detail());
    }

    private static ClientChange read(String json) {
        return ClientRequest.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
