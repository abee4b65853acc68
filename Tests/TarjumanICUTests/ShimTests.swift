import TarjumanICU
import Testing

@Suite("C shim: ICU version and status codes")
struct ShimTests {
  @Test("icuVersion is the system ICU 72")
  func version() {
    #expect(icuVersion.hasPrefix("72."), "icuVersion is \(icuVersion)")
  }

  @Test(
    "ICUError.name is ICU's symbolic name for the status",
    arguments: [
      (ICUError.bufferOverflow, "U_BUFFER_OVERFLOW_ERROR"),
      (ICUError.illegalArgument, "U_ILLEGAL_ARGUMENT_ERROR"),
      (ICUError.invalidFormat, "U_INVALID_FORMAT_ERROR"),
      (ICUError(code: -124), "U_STRING_NOT_TERMINATED_WARNING"),
      (ICUError(code: 0), "U_ZERO_ERROR"),
      (ICUError(code: 65569), "U_INVALID_ID"),
    ])
  func names(error: ICUError, name: String) {
    #expect(error.name == name)
  }

  @Test("The static errors carry ICU's status numbers")
  func codes() {
    #expect(ICUError.bufferOverflow.code == 15)
    #expect(ICUError.illegalArgument.code == 1)
    #expect(ICUError.invalidFormat.code == 3)
  }

  @Test("description names the context, the symbolic name and the number")
  func description() {
    let error = ICUError(code: 15, context: "normalizing to nfc")
    #expect(error.description == "normalizing to nfc: ICU error U_BUFFER_OVERFLOW_ERROR (15)")
    #expect(ICUError(code: 1).description == "ICU error U_ILLEGAL_ARGUMENT_ERROR (1)")
  }

  private func throwUntyped(_ error: any Error) throws { throw error }

  private func throwTyped(_ error: ICUError) throws(ICUError) { throw error }

  @Test("catch ICUError.bufferOverflow matches an untyped error by code, whatever its context")
  func patternInUntypedCatch() {
    var matched = false
    do {
      try throwUntyped(ICUError(code: 15, context: "growing a buffer"))
    } catch ICUError.bufferOverflow {
      matched = true
    } catch {
      Issue.record("ICUError.bufferOverflow pattern did not match \(error)")
    }
    #expect(matched)
  }

  @Test("catch ICUError.bufferOverflow matches in a typed-throws do block too")
  func patternInTypedCatch() {
    var matched = false
    do throws(ICUError) {
      try throwTyped(ICUError(code: 15, context: "growing a buffer"))
    } catch ICUError.bufferOverflow {
      matched = true
    } catch {
      Issue.record("ICUError.bufferOverflow pattern did not match \(error)")
    }
    #expect(matched)
  }

  @Test("The ~= pattern does not match another code or another error type")
  func patternRejects() {
    struct OtherError: Error {}
    #expect(ICUError.bufferOverflow ~= ICUError(code: 15, context: "x"))
    #expect(!(ICUError.bufferOverflow ~= ICUError.illegalArgument))
    #expect(!(ICUError.bufferOverflow ~= OtherError()))

    var reachedGeneric = false
    do {
      try throwUntyped(ICUError(code: 1, context: "bad argument"))
    } catch ICUError.bufferOverflow {
      Issue.record("an illegal-argument error matched the buffer-overflow pattern")
    } catch ICUError.illegalArgument {
      reachedGeneric = true
    } catch {
      Issue.record("unexpected \(error)")
    }
    #expect(reachedGeneric)
  }
}
