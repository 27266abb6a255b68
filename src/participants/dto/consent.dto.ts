import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsBoolean, IsOptional } from 'class-validator';

export class ConsentDto {
  @ApiProperty({ enum: [true], description: 'consent to the processing of the data: mandatory' })
  @Equals(true, { message: 'dataProcessing must be true: the person must consent to the processing of their data' })
  dataProcessing: true;

  @ApiPropertyOptional({ description: 'required (true) under 15, with a guardian' })
  @IsOptional()
  @IsBoolean()
  parentalConsent?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  imageRights?: boolean;
}
