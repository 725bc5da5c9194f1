import { handleContributionCount, handleSubmitSample } from "@/lib/samples/server";

export const dynamic = "force-dynamic";

/** Store a contributed sample (see lib/samples/submit-sample.ts for the contract). */
export function POST(request: Request): Promise<Response> {
  return handleSubmitSample(request);
}

/** How many samples a writer has contributed: ?writerId=… */
export function GET(request: Request): Promise<Response> {
  return handleContributionCount(request);
}
