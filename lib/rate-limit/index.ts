export { createRateLimiter, type RateLimitDecision, type RateLimiter, type RateLimiterOptions } from "./token-bucket-limiter";
export { clientAddress } from "./client-address";
export { peerAddressHeaders } from "./peer-address";
export { tooManyRequests } from "./too-many-requests";
