export const handler = async (): Promise<string> => 'placeholder processor';
