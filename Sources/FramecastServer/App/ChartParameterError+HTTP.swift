import FramecastCore
import Hummingbird

/// A chart parameter error answers 400 with the parameter named as HTTP names it, exactly as
/// `ParameterError` does (`parameter 'y-min/y-max': …`).
extension ChartParameterError: HTTPResponseError {
    public var status: HTTPResponse.Status { .badRequest }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try ParameterError(self).response(from: request, context: context)
    }
}
