export declare const clientAddressHeader: string;
export declare function pickClientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: boolean): string;
